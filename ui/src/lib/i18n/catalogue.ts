// UI text of the catalogue: the stock list, the item card, the title form and the
// negative-stock setting. Merged into the dictionaries in ../i18n.ts.

export const catalogueEn = {
  catalogue_title: 'Catalogue & stock',
} as const;

export const catalogueZh: Record<keyof typeof catalogueEn, string> = {
  catalogue_title: '图书与库存',
};

// UI text of stock documents: purchase receipts, returns to supplier, stocktakes,
// the documents list and suppliers. Merged into the dictionaries in ../i18n.ts.

export const documentsEn = {
  documents_title: 'Stock documents',
} as const;

export const documentsZh: Record<keyof typeof documentsEn, string> = {
  documents_title: '库存单据',
};

// UI text of receivables: aging, statements, payments, opening balances, the
// account section of the customer page and the company details in Settings.
// Merged into the dictionaries in ../i18n.ts.

export const receivablesEn = {
  receivables_title: 'Receivables',
} as const;

export const receivablesZh: Record<keyof typeof receivablesEn, string> = {
  receivables_title: '应收账款',
};

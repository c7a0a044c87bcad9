// UI text of the Suppliers page (供应商). Merged into the dictionaries in ../i18n.ts.
// The supplier form's own text lives in ./documents.ts. Words follow /work/shared/domain.md
// (供应商, 折扣, 账期).

export const suppliersEn = {
  suppliers_title: 'Suppliers',
  suppliers_new: 'New supplier',
  suppliers_search_label: 'Filter suppliers',
  suppliers_search_placeholder: 'Filter by name, contact or phone',
  suppliers_count: '{n} suppliers',
  suppliers_count_filtered: '{n} of {total} suppliers',
  suppliers_list_label: 'Supplier list',
  suppliers_col_name: 'Name',
  suppliers_col_contact: 'Contact',
  suppliers_col_phone: 'Phone',
  suppliers_col_discount: 'Purchase discount',
  suppliers_col_terms: 'Payment terms',
  suppliers_col_notes: 'Notes',
  suppliers_terms_days: '{n} days',
  suppliers_loading: 'Loading…',
  suppliers_empty: 'No suppliers yet. Add the publishers and distributors you buy from.',
  suppliers_no_match: 'No supplier matches “{q}”.',
  suppliers_hint: '↑↓ to move, Enter to open',
  suppliers_saved: '{name} saved.',
} as const;

export const suppliersZh: Record<keyof typeof suppliersEn, string> = {
  suppliers_title: '供应商',
  suppliers_new: '新建供应商',
  suppliers_search_label: '筛选供应商',
  suppliers_search_placeholder: '按名称、联系人或电话筛选',
  suppliers_count: '共 {n} 家供应商',
  suppliers_count_filtered: '{total} 家中的 {n} 家',
  suppliers_list_label: '供应商列表',
  suppliers_col_name: '名称',
  suppliers_col_contact: '联系人',
  suppliers_col_phone: '电话',
  suppliers_col_discount: '进货折扣',
  suppliers_col_terms: '账期',
  suppliers_col_notes: '备注',
  suppliers_terms_days: '{n} 天',
  suppliers_loading: '正在加载…',
  suppliers_empty: '还没有供应商。把进货的出版社、经销商添加进来吧。',
  suppliers_no_match: '没有与“{q}”匹配的供应商。',
  suppliers_hint: '↑↓ 移动，回车打开',
  suppliers_saved: '已保存 {name}。',
};

// UI text of possible duplicate customers and merging them (客户查重与合并). Merged into the
// dictionaries in ../i18n.ts. Words follow /work/shared/domain.md (客户, 应收账款, 归档).

export const duplicatesEn = {
  dup_open: 'Possible duplicates',
  dup_title: 'Possible duplicates',
  dup_back: 'Customers',
  dup_loading: 'Loading…',
  dup_none: 'No possible duplicates: no two customers share a phone, a tax id or a name.',
  dup_count: '{n} groups',
  dup_reason_phone: 'Same phone {value}',
  dup_reason_tax_id: 'Same tax id {value}',
  dup_reason_name: 'Same name {value}',
  dup_col_keep: 'Keep',
  dup_col_merge: 'Merge',
  dup_col_orders: 'Orders',
  dup_col_last_order: 'Last order',
  dup_keep_label: 'Keep {code}',
  dup_merge_label: 'Merge {code}',
  dup_more_members: '…and {n} more, not shown',
  dup_merge: 'Merge…',
  dup_load_more: 'Show more groups',
  dup_confirm_title: 'Merge into {code}?',
  dup_confirm_line: '{code} {name}: balance {balance}, {orders} orders',
  dup_confirm_body:
    'Their orders, returns, payments, receivables, calls, cases, scores and reminders move to {code} {name}, balances included; the contacts and tags {code} lacks are added. The merged customers are archived.',
  dup_confirm_undo: 'A merge cannot be undone, except by hand.',
  dup_confirm_ok: 'Merge',
  dup_merged: '{n} customers merged into {code}.',
  err_merge_same: 'A customer cannot be merged into itself.',
  err_merge_into_archived: '{code} is archived: restore it first, or keep another customer.',
  dup_merged_into: 'Merged into',
};

export const duplicatesEnOne: Partial<Record<keyof typeof duplicatesEn, string>> = {
  dup_count: '1 group',
  dup_merged: '1 customer merged into {code}.',
};

export const duplicatesZh: Record<keyof typeof duplicatesEn, string> = {
  dup_open: '可能重复的客户',
  dup_title: '可能重复的客户',
  dup_back: '客户',
  dup_loading: '正在加载…',
  dup_none: '没有可能重复的客户：没有两个客户的电话、税号或名称相同。',
  dup_count: '{n} 组',
  dup_reason_phone: '电话相同：{value}',
  dup_reason_tax_id: '税号相同：{value}',
  dup_reason_name: '名称相同：{value}',
  dup_col_keep: '保留',
  dup_col_merge: '合并',
  dup_col_orders: '发货单数',
  dup_col_last_order: '最近发货单',
  dup_keep_label: '保留 {code}',
  dup_merge_label: '合并 {code}',
  dup_more_members: '……另有 {n} 个未列出',
  dup_merge: '合并…',
  dup_load_more: '显示更多',
  dup_confirm_title: '合并到 {code}？',
  dup_confirm_line: '{code} {name}：余额 {balance}，{orders} 张发货单',
  dup_confirm_body:
    '这些客户的发货单、退货、收款、应收账款、联系记录、售后、满意度和提醒都将转到 {code} {name}，余额一并转入；{code} 没有的联系人和标签会被加上。被合并的客户将归档。',
  dup_confirm_undo: '合并无法撤销，只能手工改回。',
  dup_confirm_ok: '合并',
  dup_merged: '已将 {n} 个客户合并到 {code}。',
  err_merge_same: '不能把客户合并到它自己。',
  err_merge_into_archived: '{code} 已归档：请先恢复它，或保留另一个客户。',
  dup_merged_into: '合并到',
};

// UI text of possible duplicate customers and merging them (客户查重与合并). Merged into the
// dictionaries in ../i18n.ts. Words follow /work/shared/domain.md (客户, 应收账款).

export const duplicatesEn = {
  err_merge_same: 'A customer cannot be merged into itself.',
  err_merge_into_archived: '{code} is archived: restore it first, or keep another customer.',
};

export const duplicatesZh: Record<keyof typeof duplicatesEn, string> = {
  err_merge_same: '不能把客户合并到它自己。',
  err_merge_into_archived: '{code} 已归档：请先恢复它，或保留另一个客户。',
};

// UI text of follow-ups: the call log (联系记录), after-sales cases (投诉/售后), satisfaction,
// reminders and their rules. Merged into the dictionaries in ../i18n.ts. Words follow
// /work/shared/domain.md.

export const followupsEn = {
  err_case_category_invalid: 'Choose what went wrong from the list.',
  err_case_closed: 'This case is closed; it cannot change any more.',
  err_case_priority_invalid: 'Choose a priority from the list.',
  err_case_status_invalid: 'A case goes open, in progress, resolved, then closed: it cannot move that way.',
  err_case_unknown: 'That case is not one of this customer’s.',
  err_interaction_kind_invalid: 'Choose how you were in touch from the list.',
  err_recurrence_invalid: 'Repeat every 1 to 999 days, weeks, months or years.',
  err_reminder_kind_invalid: 'Choose a reminder type from the list.',
  err_reminder_not_open: 'This reminder is no longer open.',
  err_return_unknown: 'There is no such return for this customer.',
  err_rule_setting_invalid: 'Enter a whole number from {min} to {max}.',
  err_score_range: 'Give a score from {min} to {max}.',
  err_summary_required: 'Write a short summary.',
  err_time_invalid: 'Write the time as HH:MM, e.g. 09:30.',
};

export const followupsZh: Record<keyof typeof followupsEn, string> = {
  err_case_category_invalid: '请从列表中选择问题类型。',
  err_case_closed: '此售后单已关闭，不能再修改。',
  err_case_priority_invalid: '请从列表中选择优先级。',
  err_case_status_invalid: '售后单依次为：待处理、处理中、已解决、已关闭，不能这样变更。',
  err_case_unknown: '这不是该客户的售后单。',
  err_interaction_kind_invalid: '请从列表中选择联系方式。',
  err_recurrence_invalid: '重复周期为 1 至 999 天、周、月或年。',
  err_reminder_kind_invalid: '请从列表中选择提醒类型。',
  err_reminder_not_open: '此提醒已不在待办中。',
  err_return_unknown: '该客户没有这张退货单。',
  err_rule_setting_invalid: '请输入 {min} 至 {max} 的整数。',
  err_score_range: '请给出 {min} 至 {max} 的分数。',
  err_summary_required: '请填写简要说明。',
  err_time_invalid: '时间请写成 时:分，例如 09:30。',
};

// UI text of the desktop notifications that tell of reminders falling due. Merged into the
// dictionaries in ../i18n.ts.

export const notifyEn = {
  notify_title: 'Folio reminder',
  notify_summary_title: 'Folio: reminders due',
  notify_summary: '{n} reminders are due today or overdue.',
  notify_body: '{who} — {note}',
  notify_no_customer: 'No one customer',
  notify_separator: ', ',
  settings_reminders: 'Reminders',
  settings_notifications: 'Desktop notifications',
  settings_notifications_hint: 'Tell me when a reminder falls due while Folio is open.',
  rules_title: 'Reminders made by themselves',
  rules_help: 'Each rule makes a reminder when its condition holds, and closes it when the condition clears. They run at start and every five minutes.',
  rules_dormant_days: 'days without an order',
  rules_dormant_factor: 'or times their usual gap',
  rules_days_ahead: 'days ahead',
  rules_festival_recent: 'for customers who ordered in the last (days)',
  rules_settlement_days: 'days since the last payment',
  rules_case_days: 'days after it was resolved',
  rules_save: 'Save the rules',
  rules_saved: 'Saved; the rules ran again.',
};

export const notifyZh: Record<keyof typeof notifyEn, string> = {
  notify_title: 'Folio 提醒',
  notify_summary_title: 'Folio：到期提醒',
  notify_summary: '今天到期和已逾期的提醒共 {n} 条。',
  notify_body: '{who}——{note}',
  notify_no_customer: '不限客户',
  notify_separator: '、',
  settings_reminders: '提醒',
  settings_notifications: '桌面通知',
  settings_notifications_hint: 'Folio 打开时，提醒到期即弹出通知。',
  rules_title: '自动提醒规则',
  rules_help: '条件成立时，规则自动生成提醒；条件不再成立时，自动关闭。启动时运行一次，之后每五分钟运行一次。',
  rules_dormant_days: '天未订货',
  rules_dormant_factor: '或超过其平常订货间隔的倍数',
  rules_days_ahead: '天前提醒',
  rules_festival_recent: '针对最近几天内订过货的客户（天）',
  rules_settlement_days: '天未收到货款',
  rules_case_days: '解决后几天回访',
  rules_save: '保存规则',
  rules_saved: '已保存，规则已重新运行。',
};

/** English singular forms (see enOne in ../i18n.ts). */
export const notifyEnOne = {
  notify_summary: '1 reminder is due today or overdue.',
};

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
};

/** English singular forms (see enOne in ../i18n.ts). */
export const notifyEnOne = {
  notify_summary: '1 reminder is due today or overdue.',
};

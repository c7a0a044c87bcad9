// What the follow-up views share: the words of a case's category, priority and status, the moves a
// case may make (as the core's cases::may_move allows them), and how long a case took.
import type { CaseCategory, CasePriority, CaseStatus, ReminderKind } from '../../lib/bindings';
import type { MessageKey } from '../../lib/i18n';
import { t } from '../../lib/locale.svelte';

export const CATEGORIES: CaseCategory[] = ['wrong_title', 'damaged', 'short_shipment', 'late', 'price', 'other'];
export const PRIORITIES: CasePriority[] = ['low', 'normal', 'high'];
export const STATUSES: CaseStatus[] = ['open', 'in_progress', 'resolved', 'closed'];
export const REMINDER_KINDS: ReminderKind[] = ['call', 'visit', 'collect', 'catalogue', 'care', 'other'];

/** A word from the list of its kind, or the word itself when this build does not know it. */
function known(prefix: string, word: string, words: readonly string[]): string {
  return words.includes(word) ? t(`${prefix}${word}` as MessageKey) : word;
}

export const categoryLabel = (c: string): string => known('fu_cat_', c, CATEGORIES);
export const priorityLabel = (p: string): string => known('fu_pri_', p, PRIORITIES);
export const statusLabel = (s: string): string => known('fu_status_', s, STATUSES);
export const reminderKindLabel = (k: string): string => known('fu_rkind_', k, REMINDER_KINDS);

/**
 * Whether a case may go from one status to another: forward one or more steps, closed only from
 * resolved (after the follow-up call), back from resolved to in progress; closed is final. The
 * core checks it again (case_status_invalid); this only keeps the impossible moves off screen.
 */
export function mayMove(from: CaseStatus, to: CaseStatus): boolean {
  if (from === to) return from !== 'closed';
  if (from === 'closed') return false;
  if (from === 'resolved' && to === 'in_progress') return true;
  if (to === 'closed') return from === 'resolved';
  return STATUSES.indexOf(to) > STATUSES.indexOf(from);
}

/** The status a case moves to next, by the usual path; null once closed. */
export function nextStatus(s: CaseStatus): CaseStatus | null {
  const i = STATUSES.indexOf(s);
  return i >= 0 && i < STATUSES.length - 1 ? STATUSES[i + 1] : null;
}

/**
 * How long from one stored time to another (RFC 3339, with their offsets), to the minute: `45 min`,
 * `3 h 5 min`, `2 d 4 h`. Null when either is missing or unreadable, or the second is before the first.
 */
export function duration(from: string | null, to: string | null): string | null {
  if (!from || !to) return null;
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return null;
  const minutes = Math.floor((b - a) / 60000);
  if (minutes < 60) return t('fu_dur_min', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('fu_dur_h', { h: hours, m: minutes % 60 });
  return t('fu_dur_d', { d: Math.floor(hours / 24), h: hours % 24 });
}

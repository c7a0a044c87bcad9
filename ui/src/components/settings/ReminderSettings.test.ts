// Settings for reminders: the notifications switch and the rules' switches and thresholds.
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ReminderSettings from './ReminderSettings.svelte';
import { mockBackend, resetState, status } from '../../test/fixtures';
import { app } from '../../lib/store.svelte';
import type { RuleSettings } from '../../lib/bindings';

const RULES: RuleSettings = {
  dormant_enabled: true,
  dormant_days: 60,
  dormant_factor: 2,
  overdue_enabled: true,
  over_credit_enabled: true,
  birthday_enabled: true,
  birthday_days: 3,
  festival_enabled: true,
  festival_days: 7,
  festival_recent_days: 365,
  low_stock_enabled: true,
  backorder_enabled: true,
  settlement_enabled: true,
  settlement_days: 30,
  case_follow_up_enabled: true,
  case_follow_up_days: 2,
  statement_enabled: true,
  statement_days: 3,
};

describe('ReminderSettings', () => {
  afterEach(resetState);

  it('switches notifications off', async () => {
    app.status = status();
    const calls = mockBackend((cmd) => (cmd === 'reminder_rules' ? RULES : null));
    render(ReminderSettings);
    await fireEvent.click(screen.getByTestId('notifications-switch'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'set_notifications')?.args).toEqual({ on: false }));
    expect(app.status?.notifications).toBe(false);
  });

  it('saves a rule switched off and a threshold changed, then runs the rules', async () => {
    app.status = status();
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'reminder_rules') return RULES;
      if (cmd === 'reminder_rules_set') return args.settings;
      if (cmd === 'reminders_run') return { id: 1 };
      return null;
    });
    render(ReminderSettings);
    const days = (await screen.findByTestId('rule-dormant_days')) as HTMLInputElement;
    await fireEvent.input(days, { target: { value: '90' } });
    await fireEvent.click(screen.getByTestId('rule-birthday_enabled'));
    expect((screen.getByTestId('rule-birthday_days') as HTMLInputElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('rules-save'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'reminders_run')).toBe(true));
    const sent = calls.find((c) => c.cmd === 'reminder_rules_set')?.args.settings as RuleSettings;
    expect(sent).toEqual({ ...RULES, dormant_days: 90, birthday_enabled: false });
  });

  it('shows the core’s refusal and focuses the threshold it names', async () => {
    app.status = status();
    mockBackend((cmd) => {
      if (cmd === 'reminder_rules') return RULES;
      if (cmd === 'reminder_rules_set') {
        throw { code: 'rule_setting_invalid', message: 'x', field: 'festival_days', params: { min: '1', max: '60' } };
      }
      return null;
    });
    render(ReminderSettings);
    await fireEvent.click(await screen.findByTestId('rules-save'));
    const error = await screen.findByTestId('rules-error');
    expect(error.textContent).toBe('Enter a whole number from 1 to 60.');
    expect(document.activeElement).toBe(screen.getByTestId('rule-festival_days'));
  });

  it('sends an emptied threshold as out of range, so the core names it', async () => {
    app.status = status();
    const calls = mockBackend((cmd, args) => {
      if (cmd === 'reminder_rules') return RULES;
      if (cmd === 'reminder_rules_set') {
        const sent = args.settings as RuleSettings;
        if (sent.settlement_days < 1) {
          throw { code: 'rule_setting_invalid', message: 'x', field: 'settlement_days', params: { min: '1', max: '3650' } };
        }
        return sent;
      }
      return null;
    });
    render(ReminderSettings);
    const box = (await screen.findByTestId('rule-settlement_days')) as HTMLInputElement;
    await fireEvent.input(box, { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('rules-save'));
    const error = await screen.findByTestId('rules-error');
    expect(error.textContent).toBe('Enter a whole number from 1 to 3650.');
    const sent = calls.find((c) => c.cmd === 'reminder_rules_set')?.args.settings as RuleSettings;
    expect(sent.settlement_days).toBe(-1);
    expect(document.activeElement).toBe(box);
  });
});

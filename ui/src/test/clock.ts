// Pins the date for every test of the describe block it is called in: only Date is faked, so
// timers and waitFor run as they do.
import { afterEach, beforeEach, vi } from 'vitest';

export function pinDate(at: Date): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

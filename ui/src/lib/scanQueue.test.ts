import { describe, expect, it } from 'vitest';
import { ScanQueue, type ScanOutcome } from './scanQueue';
import { sleep } from '../test/fixtures';

describe('ScanQueue', () => {
  it('keeps 20 scans pushed at once in order, one lookup at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const handled: string[] = [];
    const queue = new ScanQueue<string>(
      async (text) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // later scans answer faster: a naive implementation would reorder them
        await sleep(20 - Number(text.slice(-2)) % 20);
        inFlight -= 1;
        return `result ${text}`;
      },
      (text, outcome) => {
        handled.push(outcome.ok ? outcome.value : `error ${text}`);
      },
    );
    const scans = Array.from({ length: 20 }, (_, i) => `97875321000${String(i).padStart(2, '0')}`);
    for (const s of scans) queue.push(s);
    await queue.idle();
    expect(handled).toEqual(scans.map((s) => `result ${s}`));
    expect(maxInFlight).toBe(1);
  });

  it('keeps going after a failed lookup and waits for a handler that asks the user', async () => {
    const log: string[] = [];
    let release: () => void = () => {};
    const queue = new ScanQueue<string>(
      async (text) => {
        log.push(`lookup ${text}`);
        if (text === 'bad') throw { code: 'isbn_invalid', message: 'bad' };
        return text;
      },
      async (text, outcome: ScanOutcome<string>) => {
        log.push(outcome.ok ? `ok ${text}` : `failed ${text}`);
        if (text === 'pick') await new Promise<void>((r) => (release = r));
      },
    );
    queue.push('a');
    queue.push('bad');
    queue.push('pick');
    queue.push('b');
    await sleep(10);
    // 'b' is not even looked up while the picker is open
    expect(log).toEqual(['lookup a', 'ok a', 'lookup bad', 'failed bad', 'lookup pick', 'ok pick']);
    expect(queue.pending).toBe(1);
    release();
    await queue.idle();
    expect(log.slice(-2)).toEqual(['lookup b', 'ok b']);
  });
});

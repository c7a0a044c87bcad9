import { describe, expect, it } from 'vitest';
import { Latest } from './latest.svelte';

/** A request the test answers when it likes. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('Latest', () => {
  it('keeps the answer to the latest request and drops a slower older one', async () => {
    const latest = new Latest<string>();
    const first = deferred<string>();
    const second = deferred<string>();
    latest.load(first.promise);
    latest.load(second.promise);
    expect(latest.loading).toBe(true);
    second.resolve('new');
    await flush();
    first.resolve('old');
    await flush();
    expect(latest.value).toBe('new');
    expect(latest.loading).toBe(false);
    expect(latest.settled).toBe(true);
  });

  it('clears the value on an error, unless asked to keep what it shows', async () => {
    const drawer = new Latest<string>();
    drawer.load(Promise.resolve('a'));
    await flush();
    drawer.load(Promise.reject({ code: 'not_found', message: '' }));
    await flush();
    expect(drawer.value).toBeNull();
    expect(drawer.error?.code).toBe('not_found');

    const page = new Latest<string>(true);
    page.load(Promise.resolve('a'));
    await flush();
    page.load(Promise.reject({ code: 'unknown', message: 'x' }));
    await flush();
    expect(page.value).toBe('a');
    expect(page.error?.code).toBe('unknown');
    const next = deferred<string>();
    page.load(next.promise);
    expect(page.error?.code).toBe('unknown');
    next.resolve('b');
    await flush();
    expect(page.error).toBeNull();
    expect(page.value).toBe('b');
  });
});

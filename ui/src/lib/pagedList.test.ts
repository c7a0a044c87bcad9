import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PagedList } from './pagedList.svelte';

type Row = { n: number; v: number };

/** A list of `total` rows whose values a test changes; each fetch waits for `release`. */
function source(total: number) {
  const db = { total, version: 1 };
  const asked: number[] = [];
  let releases: (() => void)[] = [];
  const model = new PagedList<Row, { query: string }>(async (_c, offset, limit) => {
    asked.push(offset);
    await new Promise<void>((r) => releases.push(r));
    const rows = Array.from({ length: Math.max(0, Math.min(limit, db.total - offset)) }, (_, i) => ({ n: offset + i, v: db.version }));
    return { rows, total: db.total };
  }, { query: '' });
  const release = async () => {
    const now = releases;
    releases = [];
    for (const r of now) r();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { db, asked, model, release };
}

describe('PagedList.refresh', () => {
  it('loads again every page loaded, keeping the rows shown until their page comes back', async () => {
    const { db, asked, model, release } = source(250);
    const first = model.reset({ query: '' });
    await release();
    await first;
    model.ensureRange(150, 220);
    await release();
    expect(model.row(150)?.v).toBe(1);
    expect(model.row(249)?.v).toBe(1);
    asked.length = 0;

    db.version = 2;
    db.total = 260;
    const refreshed = model.refresh();
    // while the answers are out, the old rows stay and the list stays ready (no grey bars)
    expect(model.ready).toBe(true);
    expect(model.row(150)?.v).toBe(1);
    expect(model.row(5)?.v).toBe(1);
    await release();
    await refreshed;
    expect([...asked].sort((a, b) => a - b)).toEqual([0, PAGE_SIZE, 2 * PAGE_SIZE]);
    expect(model.row(5)?.v).toBe(2);
    expect(model.row(150)?.v).toBe(2);
    expect(model.row(255)?.v).toBe(2);
    expect(model.total).toBe(260);
  });

  it('is a reset while the first page of the criteria is still out', async () => {
    const { asked, model, release } = source(10);
    void model.reset({ query: '' });
    const refreshed = model.refresh();
    expect(model.ready).toBe(false);
    await release();
    await refreshed;
    expect(asked).toEqual([0, 0]);
    expect(model.total).toBe(10);
  });
});

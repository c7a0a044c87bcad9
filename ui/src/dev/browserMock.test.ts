import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import readme from '../../README.md?raw';
import apiSource from '../lib/api.ts?raw';
import { api } from '../lib/api';
import { installBrowserMock, MOCK_COMMANDS } from './browserMock';

/** The commands api.ts invokes. */
const API_COMMANDS = [...apiSource.matchAll(/call<[^>]*>\(\s*'(\w+)'/g)].map((m) => m[1]);

describe('browser mock', () => {
  afterEach(() => clearMocks());

  it('answers exactly the commands the README says it answers, all of them real commands', () => {
    const section = readme.slice(readme.indexOf('In a plain browser ('), readme.indexOf('Every other command'));
    const listed = [...section.matchAll(/`(\w+)`/g)].map((m) => m[1]).filter((w) => w !== 'npm');
    expect(listed.sort()).toEqual([...MOCK_COMMANDS].sort());
    expect(API_COMMANDS.length).toBeGreaterThan(MOCK_COMMANDS.length);
    for (const cmd of MOCK_COMMANDS) expect(API_COMMANDS).toContain(cmd);
  });

  it('answers what it lists and fails the others with code unknown', async () => {
    installBrowserMock(3);
    const page = await api.customersList({ query: '', offset: 0, limit: 10, include_archived: false });
    expect(page.total).toBe(3);
    expect((await api.customerGet(page.rows[0].id)).code).toBe(page.rows[0].code);
    await expect(api.ordersList({ status: '', customer: '', offset: 0, limit: 10 } as never)).rejects.toMatchObject({ code: 'unknown' });
  });
});

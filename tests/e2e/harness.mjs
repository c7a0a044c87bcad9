// Starts the real Folio desktop app through tauri-driver (which must already be
// listening on 127.0.0.1:4444; see run.sh) on a database file of the test's own.
import { remote } from 'webdriverio';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const APP = process.env.FOLIO_APP ?? path.join(root, 'target/debug/folio-desktop');
export const SHOTS = process.env.FOLIO_SHOTS ?? path.join(root, 'target/e2e-shots');
/** The `folio` command line, which the tests use to set up files and read them back. */
export const CLI = process.env.FOLIO_CLI ?? path.join(root, 'target/debug/folio');
/** WebDriver's Enter key. */
export const ENTER = '\uE007';

/** Runs `folio --db DB ARGS… --json` and returns what it printed, parsed; `env` is added to the
 * environment it runs in (`{ FOLIO_NOW: '2026-11-23' }` pins its clock). */
export function cli(db, args, { env } = {}) {
  return JSON.parse(
    execFileSync(CLI, ['--db', db, ...args, '--json'], { encoding: 'utf8', env: env ? { ...process.env, ...env } : process.env }),
  );
}

/**
 * The app to start with `env` added to its environment. tauri-driver starts every session's app
 * from its own environment and takes no variables per session, so the app is started through a
 * small script that sets them and then becomes the app (`exec`: same process, same arguments).
 */
function appWithEnv(env) {
  if (!env || Object.keys(env).length === 0) return APP;
  const quote = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-e2e-app-'));
  const script = path.join(dir, 'folio-desktop');
  const lines = Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`);
  fs.writeFileSync(script, ['#!/bin/sh', ...lines, `exec ${quote(APP)} "$@"`, ''].join('\n'), { mode: 0o755 });
  return script;
}

/** Visible text of an element, as the user reads it. */
export async function text(el) {
  return (await el.getProperty('textContent')).replace(/\s+/g, ' ').trim();
}

/** A new database in a folder of its own, made with `folio init` as a user
 * would (only `init` and `--create` make one); `{ init: false }` gives the
 * path alone, for a test of a missing file. */
export function tempDb(name = 'folio.sqlite', { init = true } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-e2e-'));
  const db = path.join(dir, name);
  if (init) execFileSync(CLI, ['--db', db, 'init'], { encoding: 'utf8' });
  return db;
}

/** Launches the app on `db` and waits until its UI has rendered; `env` is added to the app's
 * environment (`{ FOLIO_NOW: … }` pins its clock); `language: null` leaves the language as it is. */
export async function launch(db, { language = 'en', args = [], env } = {}) {
  const browser = await remote({
    hostname: '127.0.0.1',
    port: 4444,
    logLevel: 'error',
    connectionRetryCount: 0,
    capabilities: {
      'tauri:options': { application: appWithEnv(env), args: ['--db', db, ...args] },
    },
  });
  await browser.setTimeout({ implicit: 0 });
  await browser
    .$('[data-testid="app-ready"], [data-testid="fatal-error"], [data-testid="missing-db"]')
    .waitForExist({ timeout: 20000 });
  if (language && (await browser.$('[data-testid="app-ready"]').isExisting())) {
    await setLanguage(browser, language);
  }
  return browser;
}

export async function setLanguage(browser, language) {
  await browser.$('[data-testid="nav-settings"]').click();
  const select = browser.$('[data-testid="language-select"]');
  await select.waitForDisplayed();
  await select.selectByAttribute('value', language);
}

export async function shot(browser, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await browser.saveScreenshot(path.join(SHOTS, `${name}.png`));
}

/** Waits until no process holds the database's lock: ending a session closes the
 * app, but its process may take a moment longer to exit and let go of the file. */
export async function waitForRelease(db, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (spawnSync('flock', ['-n', `${db}.lock`, 'true']).status !== 0) {
    if (Date.now() > deadline) throw new Error(`${db} is still locked after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `fn` with a launched app and always ends the session (which closes the app). */
export async function withApp(db, fn, opts) {
  const browser = await launch(db, opts);
  try {
    return await fn(browser);
  } catch (e) {
    await shot(browser, `failure-${Date.now()}`).catch(() => {});
    throw e;
  } finally {
    await browser.deleteSession().catch(() => {});
    if (opts?.waitForRelease !== false) await waitForRelease(db);
  }
}

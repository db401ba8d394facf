// End-to-end harness: builds nothing itself (run.mjs does), starts `meshlens serve` on a bundle, and
// drives Debian's Chromium headless through playwright-core with a fresh profile and no network:
// every request that is not to the serve URL is aborted and recorded.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const ARTIFACTS = join(ROOT, 'test-results', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Start `meshlens serve <bundle> --port 0`; resolves with the printed URL once the bundle is ready. */
export async function serve(bundle) {
  // MESHLENS_BIN: another CLI entry to test (a packaged build, say); default the repo's bin/meshlens.mjs
  const bin = process.env.MESHLENS_BIN ?? join(ROOT, 'bin/meshlens.mjs');
  const child = spawn(process.execPath, [bin, 'serve', bundle, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const deadline = Date.now() + 120_000;
  while (!/ready \(/.test(err)) {
    if (child.exitCode !== null) throw new Error(`meshlens serve exited ${child.exitCode}:\n${out}\n${err}`);
    if (/meshlens serve: (?!ready)/.test(err)) throw new Error(`meshlens serve failed:\n${err}`);
    if (Date.now() > deadline) throw new Error(`meshlens serve not ready after 120 s:\n${out}\n${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`no URL printed:\n${out}`);
  return { url, origin: new URL(url).origin, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGINT'); }) };
}

/** A fresh Chromium profile with every non-local request aborted (and remembered in `offline`). */
export async function browser(origin) {
  const profile = mkdtempSync(join(tmpdir(), 'meshlens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1, colorScheme: 'dark',
  });
  const offline = [];
  const problems = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin + '/') || u.startsWith('blob:') || u.startsWith('data:')) return route.continue();
    offline.push(u);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page, offline, problems,
    shot: (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) }),
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

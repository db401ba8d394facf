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
/** The widths every view is checked and photographed at: a laptop (1280) and a common desktop (1440). */
export const WIDTHS = [1440, 1280];
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Start `meshlens serve <bundle> --port 0` (`bundle`: a path, or the arguments before `--port`, e.g. `['--diff', a, b]`); resolves with the printed URL once the bundle is ready. */
export async function serve(bundle) {
  // MESHLENS_BIN: another CLI entry to test (a packaged build, say); default the repo's bin/meshlens.mjs
  const bin = process.env.MESHLENS_BIN ?? join(ROOT, 'bin/meshlens.mjs');
  const child = spawn(process.execPath, [bin, 'serve', ...(Array.isArray(bundle) ? bundle : [bundle]), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * `meshlens serve ARGS` with a browser on it, the app opened and `ready` (a selector) shown: what each e2e file's
 * `before` does. If any step fails, what was started is stopped before the error goes on.
 */
export async function openApp(args, ready = '[data-testid=overview]') {
  const srv = await serve(args);
  let b;
  try {
    b = await browser(srv.origin);
    await b.page.goto(srv.url);
    if (ready) await b.page.locator(ready).waitFor({ timeout: 60_000 });
    return { srv, b };
  } catch (e) {
    await b?.close();
    await srv.stop();
    throw e;
  }
}

/**
 * A fresh Chromium profile with every non-local request aborted (and remembered in `offline`). `patchReport`
 * rewrites the report the page receives (to test views against report fields set explicitly).
 */
export async function browser(origin, { patchReport } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'meshlens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: 'dark',
  });
  const offline = [];
  const problems = [];
  await context.route('**/*', async (route) => {
    const u = route.request().url();
    // a test may give the report fields the engine does not fill yet (incidents, platform, stateAtCapture)
    if (patchReport && u === `${origin}/api/report`) {
      const res = await route.fetch();
      const body = await res.json();
      return route.fulfill({ response: res, json: body.ok ? { ok: true, value: patchReport(body.value) } : body });
    }
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
    /** Screenshots at the two widths support engineers use, 1440 and 1280 px (`<name>-1440.png`, `<name>-1280.png`); ends at 1280. */
    shots: async (name) => {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.waitForTimeout(150);
        await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`) });
      }
    },
    /** Go to a hash route and wait for `selector`. */
    go: async (hash, selector) => {
      await page.evaluate((h) => { location.hash = h; }, hash);
      if (selector) await page.locator(selector).first().waitFor({ timeout: 20_000 });
    },
    /** The report the page's backend is given (patched when `patchReport`), fetched as the page fetches it. */
    report: () => page.evaluate(async () => {
      const res = await fetch('api/report', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Meshlens-Token': sessionStorage.getItem('meshlens.token') }, body: '[]' });
      return (await res.json()).value;
    }),
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/**
 * In the page: the text of elements matching `selector` that wrap inside a word (a line break between two
 * characters where the text has no `/`, `-`, `.` or space), as "text|char before|char after".
 */
export function midWordBreaks(page, selector) {
  return page.evaluate((sel) => {
    const out = [];
    for (const el of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let prevTop, prevChar;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (let i = 0; i < n.data.length; i++) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 1);
          const rect = r.getClientRects()[0];
          if (!rect || !n.data[i].trim()) { prevChar = n.data[i]; continue; }
          if (prevTop !== undefined && rect.top > prevTop + 2 && prevChar && !/[\/\-. ]/.test(prevChar)) out.push(`${el.textContent}|${prevChar}|${n.data[i]}`);
          prevTop = rect.top;
          prevChar = n.data[i];
        }
      }
    }
    return out;
  }, selector);
}

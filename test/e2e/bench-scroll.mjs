// Benchmark (not a test) of the Logs view on a big bundle through `meshlens serve` in Chromium: scrolls to the
// very last line and times a text filter. Make the bundle first: node test/e2e/bench-logs.mjs 1024
// Usage: node test/e2e/bench-scroll.mjs [dir=/tmp/meshlens-bench-1024m]
import { join } from 'node:path';
import { ARTIFACTS, browser, serve } from './harness.mjs';

const dir = process.argv[2] ?? '/tmp/meshlens-bench-1024m';
const t0 = Date.now();
const srv = await serve(dir);
console.log('serve ready (analysis + index) ms', Date.now() - t0);
const b = await browser(srv.origin);
await b.page.goto(srv.url + '#/logs');
await b.page.locator('.logrow[data-row] .tx').first().waitFor({ timeout: 60000 });
const total = Number((await b.page.locator('[data-testid=log-status]').textContent()).match(/^([\d,]+) of/)[1].replace(/,/g, ''));
const info = await b.page.evaluate(async (total) => {
  const sc = document.querySelector('[data-testid=log-scroller]');
  const t0 = performance.now();
  let maxRow = 0, steps = 0, lastText = '';
  while (steps < 200) {
    sc.scrollTop = sc.scrollHeight;
    sc.dispatchEvent(new Event('scroll'));
    await new Promise((r) => setTimeout(r, 120));
    const rows = [...document.querySelectorAll('.logrow[data-row]')].map((r) => Number(r.getAttribute('data-row')));
    maxRow = Math.max(...rows);
    steps++;
    if (maxRow >= total - 1) break;
  }
  await new Promise((r) => setTimeout(r, 800));
  const last = document.querySelector(`.logrow[data-row="${total - 1}"] .tx`);
  lastText = last ? last.textContent : '(not loaded)';
  return { total, scrollHeight: sc.scrollHeight, maxRow, steps, ms: Math.round(performance.now() - t0), lastText: lastText.slice(0, 100) };
}, total);
console.log(info);
const t1 = Date.now();
await b.page.fill('input[aria-label="Log text filter"]', 'ca request failed');
await b.page.waitForFunction(() => document.querySelectorAll('.logrow[data-row] mark').length > 0, null, { timeout: 30000 });
await b.page.locator('.logrow[data-row] mark').first().waitFor();
console.log('filter in UI ms (incl. 250 ms debounce)', Date.now() - t1, await b.page.locator('[data-testid=log-status]').textContent());
await b.page.screenshot({ path: join(ARTIFACTS, 'bench-logs-view.png') });
await b.close(); await srv.stop();

/**
 * `--format pdf`: the HTML report printed to PDF by a headless Chromium driven by playwright-core (loaded
 * lazily: it is needed for PDF only, and kept outside the CLI bundle). The page is set from a string
 * (`page.setContent`), JavaScript is off, the context is offline and every request is aborted, so printing
 * never touches the network. The browser is the one in `CHROMIUM_PATH`, else a system Chromium or Chrome.
 */
import { access, constants } from 'node:fs/promises';

/** No usable browser or no playwright-core: the message says how to get one (CLI exit 2). */
export class NoBrowserError extends Error {}

/** Where a Chromium-family browser usually is, after `CHROMIUM_PATH`. */
const CANDIDATES = [
  '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export const HOW_TO_GET_A_BROWSER = 'install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) or Google Chrome, or set CHROMIUM_PATH to a Chromium/Chrome executable';

/** The browser executable to use: `CHROMIUM_PATH` when set (it must exist), else the first candidate that does. */
export async function findBrowser(env: Record<string, string | undefined> = process.env): Promise<string> {
  const exe = async (p: string) => access(p, constants.X_OK).then(() => true, () => false);
  if (env.CHROMIUM_PATH) {
    if (await exe(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new NoBrowserError(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file: ${HOW_TO_GET_A_BROWSER}`);
  }
  for (const c of CANDIDATES) if (await exe(c)) return c;
  throw new NoBrowserError(`--format pdf needs a headless Chromium and none was found: ${HOW_TO_GET_A_BROWSER}`);
}

/**
 * Prints `html` (a self-contained document) to an A4 landscape PDF with backgrounds, 12 mm margins and page numbers in the
 * footer. Resolves to the PDF bytes. Throws NoBrowserError when no browser (or playwright-core) is available.
 */
export async function htmlToPdf(html: string, opts: { env?: Record<string, string | undefined>; title?: string } = {}): Promise<Uint8Array> {
  const executablePath = await findBrowser(opts.env);
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new NoBrowserError('--format pdf needs the playwright-core package beside meshlens (npm install playwright-core)');
  }
  let browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  } catch (e) {
    throw new NoBrowserError(`${executablePath} did not start as a headless browser (${(e as Error).message.split('\n')[0]}): ${HOW_TO_GET_A_BROWSER}`);
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(withPrintStyle(html), { waitUntil: 'load' });
    const footer = `<div style="font-size:8px;width:100%;text-align:center;color:#666">${escapeHtml(opts.title ?? 'meshlens')} · <span class="pageNumber"></span>/<span class="totalPages"></span></div>`;
    const pdf = await page.pdf({ preferCSSPageSize: true, format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '14mm', left: '12mm', right: '12mm' }, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: footer });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}

/**
 * Paper layout on top of the page's own CSS: A4 landscape, the page width used, fixed table layout so long
 * excerpts wrap inside their column instead of squeezing the others, and the wide findings table (six columns)
 * given room for its evidence.
 */
const PRINT_CSS = `@page{size:A4 landscape}
body{max-width:none;margin:0;padding:0;font-size:11px}
table{table-layout:fixed;width:100%}td,th{overflow-wrap:anywhere}code{font-size:9.5px;overflow-wrap:anywhere}
table:has(th:nth-child(6)) th:nth-child(1){width:7%}table:has(th:nth-child(6)) th:nth-child(2){width:8%}
table:has(th:nth-child(6)) th:nth-child(3){width:25%}table:has(th:nth-child(6)) th:nth-child(4){width:5%}
table:has(th:nth-child(6)) th:nth-child(5){width:33%}tr{break-inside:avoid}h2,h3{break-after:avoid}`;

/** `html` with the print stylesheet added at the end of its head (or its start when it has no head). */
export function withPrintStyle(html: string): string {
  const style = `<style media="print">${PRINT_CSS}</style>`;
  return html.includes('</head>') ? html.replace('</head>', `${style}</head>`) : style + html;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Hash routes (`#/view?key=value`) so that deep links work the same under app:// and http://127.0.0.1. */
import { useEffect, useState } from 'react';

/** Event that tells route listeners the hash was replaced in place (history.replaceState fires no hashchange). */
export const ROUTE_EVENT = 'meshlens:route';

export type ViewName = 'overview' | 'timeline' | 'findings' | 'evidence' | 'graph' | 'proxies' | 'logs' | 'diff';
export const VIEWS: readonly ViewName[] = ['overview', 'timeline', 'findings', 'evidence', 'graph', 'proxies', 'logs', 'diff'];

export interface Route {
  view: ViewName;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const view = (VIEWS as readonly string[]).includes(path) ? (path as ViewName) : 'overview';
  return { view, params: new URLSearchParams(query) };
}

export function href(view: ViewName, params: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#/${view}${s ? `?${s}` : ''}`;
}

export function go(view: ViewName, params: Record<string, string | number | undefined> = {}): void {
  location.hash = href(view, params);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    window.addEventListener(ROUTE_EVENT, on);
    return () => { window.removeEventListener('hashchange', on); window.removeEventListener(ROUTE_EVENT, on); };
  }, []);
  return route;
}

/** Where a piece of evidence opens: the evidence viewer at its file and line (or JSON path). */
export function evidenceHref(e: { file: string; line?: number; jsonPath?: string }, findingId?: string): string {
  return href('evidence', { file: e.file, line: e.line, jp: e.jsonPath, f: findingId });
}

/** Go to `view` with `params`: a new history entry, or (`replace`) the current one rewritten, e.g. while typing. */
export function setParams(view: ViewName, params: Record<string, string | undefined>, replace = false): void {
  const next = href(view, params);
  if (location.hash === next) return;
  if (replace) {
    history.replaceState(history.state, '', next);
    window.dispatchEvent(new Event(ROUTE_EVENT));
  } else {
    location.hash = next;
  }
}

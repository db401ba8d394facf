/**
 * A page cache for virtualized lists over data that lives on the backend (file lines, log rows):
 * pages are fetched once, on demand, and `version` bumps when one arrives so the list re-renders.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** `fetchPage` may answer null for "not there yet" (a log filter still walking): the page is asked for again on a later render. */
export function usePaged<T>(pageSize: number, fetchPage: (offset: number, limit: number) => Promise<T[] | null>, resetKey: string) {
  const pages = useRef(new Map<number, T[]>());
  const pending = useRef(new Set<number>());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    pages.current = new Map();
    pending.current = new Set();
    setError(null);
    setVersion((v) => v + 1);
  }, [resetKey]);

  const get = useCallback((index: number): T | undefined => {
    const p = Math.floor(index / pageSize);
    const page = pages.current.get(p);
    if (page) return page[index - p * pageSize];
    if (!pending.current.has(p)) {
      pending.current.add(p);
      const map = pages.current;
      fetchRef.current(p * pageSize, pageSize).then((rows) => {
        if (map !== pages.current) return;
        pending.current.delete(p);
        if (!rows) return;
        map.set(p, rows);
        setVersion((v) => v + 1);
      }, (e: Error) => setError(e.message));
    }
    return undefined;
  }, [pageSize]);

  return { get, version, error };
}

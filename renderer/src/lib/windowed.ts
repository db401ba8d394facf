/**
 * Browsers cap an element's height (Chromium: 33,554,432 px), so a list of 7 M rows of 21 px cannot be one
 * scrollable block. The list virtualizes a window of at most WINDOW rows (`base` … `base + count`) and slides
 * the window by half its size when the scroll nears either end, keeping the scroll position on the same row:
 * scrolling goes through every row, however many there are.
 */
import { useCallback, useRef, useState, type RefObject } from 'react';

export const WINDOW = 1_000_000;
const EDGE = 2_000;

export function useRowWindow(total: number, rowHeight: number, scroller: RefObject<HTMLDivElement | null>) {
  const [base, setBase] = useState(0);
  const baseRef = useRef(0);
  baseRef.current = Math.min(base, Math.max(0, total - 1));
  const count = Math.min(WINDOW, Math.max(0, total - baseRef.current));

  const move = useCallback((next: number) => {
    baseRef.current = next;
    setBase(next);
  }, []);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const b = baseRef.current;
    const n = Math.min(WINDOW, Math.max(0, total - b));
    const first = el.scrollTop / rowHeight;
    if (first + el.clientHeight / rowHeight > n - EDGE && b + n < total) {
      const shift = Math.min(WINDOW / 2, total - (b + n));
      move(b + shift);
      el.scrollTop -= shift * rowHeight;
    } else if (first < EDGE && b > 0) {
      const shift = Math.min(WINDOW / 2, b);
      move(b - shift);
      el.scrollTop += shift * rowHeight;
    }
  }, [total, rowHeight, scroller, move]);

  /** Slide the window so that `index` is inside it; returns its index within the window. */
  const windowFor = useCallback((index: number) => {
    const next = Math.max(0, Math.min(index - WINDOW / 2, total - WINDOW));
    if (next !== baseRef.current) move(next);
    return index - next;
  }, [total, move]);

  return { base: baseRef.current, count, onScroll, windowFor, reset: () => move(0) };
}

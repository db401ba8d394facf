/** Dark/light theme: follows the system until the user picks one (kept in localStorage). */
import { useEffect, useState } from 'react';

export type Theme = 'dark' | 'light';
const KEY = 'meshlens.theme';

export interface ThemeState { theme: Theme; toggle(): void }

export function useTheme(): ThemeState {
  const [theme, setTheme] = useState<Theme>(() => {
    const saved = localStorage.getItem(KEY);
    if (saved === 'dark' || saved === 'light') return saved;
    return matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  });
  useEffect(() => { document.documentElement.dataset.theme = theme; }, [theme]);
  return {
    theme,
    toggle: () => setTheme((t) => {
      const next = t === 'dark' ? 'light' : 'dark';
      localStorage.setItem(KEY, next);
      return next;
    }),
  };
}

import { useEffect, useState } from 'react';

type ThemeName = 'light' | 'dark';
const KEY = 'nines.theme';

/** The theme in force: the user's choice, else the system's. */
export function initialTheme(): ThemeName {
  const kept = window.localStorage.getItem(KEY);
  if (kept === 'light' || kept === 'dark') return kept;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: ThemeName): void {
  document.documentElement.dataset.theme = theme;
}

/** A button switching light and dark; the choice is kept on this browser. */
export function Theme() {
  const [theme, setTheme] = useState<ThemeName>(
    () => (document.documentElement.dataset.theme as ThemeName) ?? initialTheme(),
  );
  useEffect(() => applyTheme(theme), [theme]);
  const next: ThemeName = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      onClick={() => {
        window.localStorage.setItem(KEY, next);
        setTheme(next);
      }}
    >
      {next === 'dark' ? 'Dark theme' : 'Light theme'}
    </button>
  );
}

/**
 * Tabs as WAI-ARIA describes them: one tab stop, ← → Home End move between tabs, and the choice is
 * in the URL (`<path>?tab=<key>`; the first tab is the bare path). Panels carry `id="panel-<key>"`.
 */
import type { KeyboardEvent } from 'react';
import { navigate } from '../lib/router.js';

/** A tab bar over `tabs`, the first being the default view at `path`. */
export function TabBar<K extends string>({ tabs, current, path, label }: { tabs: readonly { key: K; title: string }[]; current: K; path: string; label: string }) {
  const go = (k: K) => {
    navigate(k === tabs[0]?.key ? path : `${path}?tab=${k}`, true);
    document.getElementById(`tab-${k}`)?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.key === current);
    const n = tabs.length;
    const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i + n - 1) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    go(tabs[to]!.key);
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          role="tab"
          id={`tab-${t.key}`}
          aria-selected={t.key === current}
          aria-controls={`panel-${t.key}`}
          tabIndex={t.key === current ? 0 : -1}
          onClick={() => go(t.key)}
        >
          {t.title}
        </button>
      ))}
    </div>
  );
}

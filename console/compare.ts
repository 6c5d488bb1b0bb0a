// Deltas against the previous period: a short visible sign (+12%, −3.1 pp) and the full sentence for screen readers.
import { count, h, ms, percent } from './dom';

/** count: a relative change; rate: percentage points; ms: a relative change of a duration. */
export type DeltaKind = 'count' | 'rate' | 'ms';

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** The change from `prev` to `cur`; null when either side has nothing to compare (a rate over zero views). A count
 * missing from the previous period was 0 there. */
export function delta(cur: number | null, prev: number | null | undefined, kind: DeltaKind = 'count'): HTMLElement | null {
  if (cur === null) return null;
  if (kind !== 'count' && (prev === null || prev === undefined)) return null;
  const amount = kind === 'ms' ? ms : count;
  const before = prev ?? 0;
  let shown: string;
  let said: string;
  let dir: 'up' | 'down' | 'same';
  if (kind === 'rate') {
    const pp = (cur - before) * 100;
    dir = Math.abs(pp) < 0.05 ? 'same' : pp > 0 ? 'up' : 'down';
    shown = dir === 'same' ? '±0 pp' : `${pp > 0 ? '+' : '−'}${fmt(Math.abs(pp))} pp`;
    said = dir === 'same' ? `no change from ${percent(before)}` : `${dir} ${fmt(Math.abs(pp))} percentage points from ${percent(before)}`;
  } else if (before === 0) {
    dir = cur === 0 ? 'same' : 'up';
    shown = cur === 0 ? '±0' : 'new';
    said = cur === 0 ? 'none in either period' : 'none in the previous period';
  } else {
    const pct = ((cur - before) / before) * 100;
    dir = cur === before ? 'same' : pct > 0 ? 'up' : 'down';
    shown = dir === 'same' ? '±0%' : `${pct > 0 ? '+' : '−'}${fmt(Math.abs(pct))}%`;
    said = dir === 'same' ? `no change from ${amount(before)}` : `${dir} ${fmt(Math.abs(pct))}% from ${amount(before)}`;
  }
  // The arrow tells the direction without colour (WCAG 1.4.1); the sentence says it in words.
  const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '';
  return h(
    'span',
    { class: `delta ${dir}` },
    h('span', { 'aria-hidden': 'true' }, `${arrow}${arrow ? ' ' : ''}${shown}`),
    h('span', { class: 'sr-only' }, ` (${said} in the previous period)`),
  );
}

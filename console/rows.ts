// The console's comparing tables: each row with its deltas against the previous period, narrowed by "rows
// containing", and a click (or Enter on its key cell's button) that filters the whole console to that row.
import { delta, type DeltaKind } from './compare';
import { type Column, count, h } from './dom';
import type { FilterKey } from './state';

export interface CmpColumn<R> extends Column<R> {
  /** A number compared with the previous period. */
  delta?: DeltaKind;
  /** The row's key cell: shown as the button that filters to the row. */
  key?: boolean;
}

export interface RowTable<R> {
  caption: string;
  columns: CmpColumn<R>[];
  rows: R[];
  /** The same rows over the previous period, matched by `id`. */
  previous?: R[];
  id: (r: R) => string;
  /** "rows containing": kept when any text cell contains it, case-insensitive. */
  contains: string;
  /** The filters a click on the row sets; none: rows are not clickable. */
  filterTo?: (r: R) => Partial<Record<FilterKey, string>>;
  onFilter?: (f: Partial<Record<FilterKey, string>>) => void;
}

/** The rows `contains` keeps. */
export function keep<R>(t: Pick<RowTable<R>, 'columns' | 'contains'>, rows: R[]): R[] {
  const q = t.contains.toLowerCase();
  if (!q) return rows;
  return rows.filter((r) =>
    t.columns.some(
      (c) =>
        !c.numeric &&
        String(c.value(r) ?? '')
          .toLowerCase()
          .includes(q),
    ),
  );
}

const plain = (v: string | number | null) => (v === null ? '–' : typeof v === 'number' ? count(v) : v);

/** The table (or a sentence when no row is left), inside a region that scrolls sideways with its key column fixed. */
export function rowTable<R>(t: RowTable<R>, empty: string): HTMLElement {
  const rows = keep(t, t.rows);
  if (!rows.length) return h('p', { class: 'none' }, t.contains && t.rows.length ? `No row contains “${t.contains}”.` : empty);
  const before = new Map((t.previous ?? []).map((r) => [t.id(r), r]));
  const head = h('tr', {}, ...t.columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : '' }, c.label)));
  const body = rows.map((r) => {
    const prev = t.previous ? before.get(t.id(r)) : undefined;
    const cells = t.columns.map((c) => {
      let content: Node | string = c.show ? (c.show(r) as Node | string) : plain(c.value(r));
      if (c.key && t.filterTo) {
        const label = String(c.value(r) ?? '');
        content = h('button', { type: 'button', class: 'link', 'aria-label': `Filter by ${c.label.toLowerCase()} ${label}` }, content);
      }
      const d =
        c.delta && t.previous ? delta(c.value(r) as number | null, prev ? (c.value(prev) as number | null) : c.delta === 'rate' ? null : 0, c.delta) : null;
      return h('td', { class: c.numeric ? 'num' : '' }, content, d);
    });
    const tr = h('tr', t.filterTo ? { class: 'filterable' } : {}, ...cells);
    // One listener per row: a click anywhere on it, or Enter / Space on its button (a click that bubbles up).
    if (t.filterTo) tr.addEventListener('click', () => t.onFilter?.(t.filterTo!(r)));
    return tr;
  });
  // tabindex: a scrollable region must be reachable by keyboard to be scrolled (WCAG 2.1.1).
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t.caption },
    h('table', {}, h('caption', {}, t.caption), h('thead', {}, head), h('tbody', {}, ...body)),
  );
}

// Small DOM helpers for the console: element building (text only, never innerHTML), tables, number formats, CSV.

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; text goes in as text nodes, so no data can become markup. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, val] of Object.entries(attrs)) node.setAttribute(k, val);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

export const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

export const count = (n: number) => n.toLocaleString('en-US');
export const percent = (r: number | null) => (r === null || !Number.isFinite(r) ? '–' : `${(r * 100).toFixed(1)}%`);
export const ms = (n: number | null) => (n === null ? '–' : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`);

/** "3 h ago" style age of an ISO time; "never" when there is none. */
export function age(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export interface Column<R> {
  label: string;
  /** The raw value: what the CSV holds. */
  value: (r: R) => string | number | null;
  /** What the table shows, when it differs from the raw value (rates as percentages). */
  show?: (r: R) => Child;
  numeric?: boolean;
}

/** A table with a caption and column headers, inside a wrapper that scrolls sideways on a phone. */
export function table<R>(caption: string, columns: Column<R>[], rows: R[], emptyText: string): HTMLElement {
  // No rows: a sentence, not an empty table whose header is wider than a phone.
  if (!rows.length) return h('p', { class: 'none' }, emptyText);
  const head = h('tr', {}, ...columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : '' }, c.label)));
  const body = rows.map((r) => h('tr', {}, ...columns.map((c) => h('td', { class: c.numeric ? 'num' : '' }, c.show ? c.show(r) : cell(c.value(r))))));
  // tabindex: a scrollable region must be reachable by keyboard to be scrolled (WCAG 2.1.1).
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', {}, h('caption', {}, caption), h('thead', {}, head), h('tbody', {}, ...body)),
  );
}

const cell = (v: string | number | null) => (v === null ? '–' : typeof v === 'number' ? count(v) : v);

/** RFC 4180 CSV. Text that a spreadsheet may run as a formula (starting with =, +, -, @, a tab or a carriage
 * return: OWASP's "CSV Injection" list; site, page and form names come from the public web) gets a leading
 * apostrophe. A cell holding ";" is quoted too: it is the list separator of spreadsheets in many locales (Excel in
 * German or French splits on it). */
export function toCsv<R>(columns: Column<R>[], rows: R[]): string {
  const quote = (v: string | number | null) => {
    if (v === null) return '';
    if (typeof v === 'number') return String(v);
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",;\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return `${[columns.map((c) => quote(c.label)), ...rows.map((r) => columns.map((c) => quote(c.value(r))))].map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/** Saves text as a file through a same-origin blob: URL (no request leaves the page). */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The console's shareable state (range, buckets, filters, breakdown) and its round trip through the URL query.
export const FILTERS = ['site', 'page', 'form', 'source', 'campaign'] as const;
export type FilterKey = (typeof FILTERS)[number];
export const RANGES = ['today', '7d', '30d', 'custom'] as const;
export type Range = (typeof RANGES)[number];
export const BREAKDOWNS = ['page', 'source', 'utm_source', 'utm_medium', 'campaign', 'country', 'device'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
export type Bucket = 'hour' | 'day';

export interface State {
  range: Range;
  /** YYYY-MM-DD, UTC: the API's buckets are UTC hours, so the console's days are UTC days too. */
  from: string;
  to: string;
  bucket: Bucket;
  filters: Record<FilterKey, string>;
  by: Breakdown;
  /** "Rows containing": narrows the tables in the page (client-side), never sent to the API. */
  q: string;
}

const DAY_MS = 86_400_000;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isDate = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
const oneOf = <T extends string>(list: readonly T[], value: string | null, fallback: T): T => (list.includes(value as T) ? (value as T) : fallback);

/** from/to for a preset range ending today (UTC). */
export function presetDates(range: Exclude<Range, 'custom'>, now = Date.now()): { from: string; to: string } {
  const back = range === 'today' ? 0 : range === '7d' ? 6 : 29;
  return { from: ymd(now - back * DAY_MS), to: ymd(now) };
}

/** Hour buckets for a single day (24 points), day buckets beyond (a 30-day range would be 720 hourly points). */
export const defaultBucket = (from: string, to: string): Bucket => (from === to ? 'hour' : 'day');

export function parseState(search: string, now = Date.now()): State {
  const q = new URLSearchParams(search);
  let range = oneOf(RANGES, q.get('range'), '7d');
  let dates = range === 'custom' ? { from: q.get('from'), to: q.get('to') } : presetDates(range, now);
  if (!isDate(dates.from) || !isDate(dates.to)) {
    range = '7d';
    dates = presetDates(range, now);
  }
  let { from, to } = dates as { from: string; to: string };
  if (from > to) [from, to] = [to, from];
  const filters = Object.fromEntries(FILTERS.map((k) => [k, (q.get(k) ?? '').trim()])) as Record<FilterKey, string>;
  return {
    range,
    from,
    to,
    bucket: oneOf(['hour', 'day'], q.get('bucket'), defaultBucket(from, to)),
    filters,
    by: oneOf(BREAKDOWNS, q.get('by'), 'page'),
    q: (q.get('q') ?? '').trim().slice(0, 100),
  };
}

/** The URL query for a state: only what differs from the defaults, so shared links stay short. */
export function toQuery(s: State): string {
  const q = new URLSearchParams();
  if (s.range !== '7d') q.set('range', s.range);
  if (s.range === 'custom') {
    q.set('from', s.from);
    q.set('to', s.to);
  }
  if (s.bucket !== defaultBucket(s.from, s.to)) q.set('bucket', s.bucket);
  for (const k of FILTERS) if (s.filters[k]) q.set(k, s.filters[k]);
  if (s.by !== 'page') q.set('by', s.by);
  if (s.q) q.set('q', s.q);
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** The parameters every /admin/api/* call gets: the date range and the filters that are set. */
export function apiParams(s: State): URLSearchParams {
  const q = new URLSearchParams({ from: s.from, to: s.to });
  for (const k of FILTERS) if (s.filters[k]) q.set(k, s.filters[k]);
  return q;
}

/** The range of equal length just before the state's, for the deltas: 7 days → the 7 days before; today → yesterday. */
export function previousRange(s: State): { from: string; to: string } {
  const from = Date.parse(s.from);
  const length = Date.parse(s.to) - from + DAY_MS;
  return { from: ymd(from - length), to: ymd(from - DAY_MS) };
}

/** apiParams over the previous range. */
export function previousParams(s: State): URLSearchParams {
  const q = apiParams(s);
  const p = previousRange(s);
  q.set('from', p.from);
  q.set('to', p.to);
  return q;
}

/** Whether any API filter or the "rows containing" text narrows what is shown. */
export const isFiltered = (s: State) => FILTERS.some((k) => s.filters[k]) || s.q !== '';

// The admin API's questions, parsed and asked of D1: the date range and filters from the query string (bad ones
// named), and one SQL query per answer, over daily buckets for whole days and hourly ones for the hour chart.
import { LATENCY_BINS } from './count';

const DAY_MS = 86_400_000;
/** 366 days: a year at most per question, so one answer stays small; hour charts take 31 days (744 points). */
export const MAX_DAYS = 366;
export const MAX_HOUR_DAYS = 31;
/** Rows a list answer (forms, pages, fields, breakdowns) holds at most, sorted by volume: five times the default cap
 * of 100 new keys per site and hour (caps.ts), so a burst of made-up keys cannot push a real row out of one. */
export const LIST_ROWS = 500;
/** Filter name → column. `campaign` is utm_campaign. */
export const FILTERS = { site: 'site', page: 'page', form: 'form', source: 'source', campaign: 'utm_campaign' } as const;
/** Breakdown name → column: `source` is the referrer's host; utm_source / utm_medium / campaign the page URL's tags. */
export const BREAKDOWNS = {
  page: 'page',
  source: 'source',
  utm_source: 'utm_source',
  utm_medium: 'utm_medium',
  campaign: 'utm_campaign',
  country: 'country',
  device: 'device',
} as const;

export interface Question {
  /** Days since the epoch, inclusive. */
  from: number;
  to: number;
  filters: [column: string, value: string][];
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; param: string; message: string };

function day(s: string | null, param: string): Parsed<number> {
  const m = s === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) : Number.NaN;
  // Date.UTC rolls 2026-02-31 over into March: a date that does not round-trip is not a date.
  if (!m || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== s) return { ok: false, param, message: 'must be a date YYYY-MM-DD' };
  return { ok: true, value: ms / DAY_MS };
}

/** from / to (UTC days, inclusive; default the last 7 days) and the filters of any API call. */
export function parseQuestion(q: URLSearchParams, now = Date.now()): Parsed<Question> {
  const today = Math.floor(now / DAY_MS);
  const to = q.has('to') ? day(q.get('to'), 'to') : { ok: true as const, value: today };
  if (!to.ok) return to;
  const from = q.has('from') ? day(q.get('from'), 'from') : { ok: true as const, value: to.value - 6 };
  if (!from.ok) return from;
  if (from.value > to.value) return { ok: false, param: 'from', message: 'must not be after to' };
  if (to.value - from.value + 1 > MAX_DAYS) return { ok: false, param: 'from', message: `the range is at most ${MAX_DAYS} days` };
  const filters: Question['filters'] = [];
  for (const [name, column] of Object.entries(FILTERS)) {
    const val = q.get(name);
    if (val === null || val === '') continue;
    if (val.length > 200) return { ok: false, param: name, message: 'at most 200 characters' };
    filters.push([column, val]);
  }
  return { ok: true, value: { from: from.value, to: to.value, filters } };
}

/** WHERE over a time column and the filters (only those `columns` has, none of `skip`), with its bound values; `range`
 * overrides the question's days (the realtime minutes). */
export function where(
  q: Question,
  time: 'day' | 'hour' | 'minute',
  columns?: string[],
  opts: { range?: [number, number]; skip?: string[] } = {},
): { sql: string; binds: (string | number)[] } {
  const [lo, hi] = opts.range ?? (time === 'day' ? [q.from, q.to] : [q.from * 24, q.to * 24 + 23]);
  const parts = [`${time} BETWEEN ?1 AND ?2`];
  const binds: (string | number)[] = [lo, hi];
  for (const [column, val] of q.filters) {
    if ((columns && !columns.includes(column)) || opts.skip?.includes(column)) continue;
    binds.push(val);
    parts.push(`${column} = ?${binds.length}`);
  }
  return { sql: parts.join(' AND '), binds };
}

/** A rate as a fraction 0..1, or null when there is nothing to divide by. */
export const rate = (n: number, of: number) => (of > 0 ? Math.min(1, n / of) : null);

/** p-th percentile of a histogram (bin upper bound ms → count; latency bins unless `bounds` says otherwise): the upper
 * bound of the bin it falls in. */
export function percentile(bins: Map<number, number>, p: number, bounds: readonly number[] = LATENCY_BINS): number | null {
  const total = [...bins.values()].reduce((a, b) => a + b, 0);
  if (!total) return null;
  let seen = 0;
  for (const bound of bounds) {
    seen += bins.get(bound) ?? 0;
    if (seen >= p * total) return bound;
  }
  return bounds.at(-1)!;
}

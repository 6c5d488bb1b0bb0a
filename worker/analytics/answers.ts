// The admin API's newer answers, asked of D1: the funnel per page (page view → log), drop-off by field with the time
// to complete, the last 30 minutes, and the install check's list of sites (worker/admin/api.ts routes them).
import type { CompletionBin, FieldRow, FieldsAnswer, PagesAnswer, RealtimeAnswer, SitesAnswer } from '../../common/admin-api';
import { originAllowed } from '../ingest/edge';
import { OTHER } from './caps';
import { COMPLETION_BINS } from './count';
import { LIST_ROWS, percentile, rate, where, type Question } from './query';

const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** The realtime window: the last 30 minutes, this one included. */
export const REALTIME_MINUTES = 30;
/** Origins that only ever sent refused requests, listed after the sites: the busiest 10 of the last 24 h. */
export const REFUSED_LISTED = 10;

/** The rows of one bound D1 query. */
export async function all<T>(db: D1Database, sql: string, binds: unknown[]): Promise<T[]> {
  return (
    await db
      .prepare(sql)
      .bind(...binds)
      .all<T>()
  ).results;
}

/** A form filter on a table where page views sit on form '' rows: that form's rows, and the page views of the pages
 * that show it. */
function formOrItsPages(q: Question, w: { sql: string; binds: (string | number)[] }, table: string, time: string): string {
  const form = q.filters.find(([c]) => c === 'form')?.[1];
  if (form === undefined) return w.sql;
  w.binds.push(form);
  const n = w.binds.length;
  // ?1 and ?2 are the time range (where()): the pages are looked up in the same range, not over the whole table.
  return `${w.sql} AND (form = ?${n} OR (form = '' AND page IN (SELECT page FROM ${table} WHERE ${time} BETWEEN ?1 AND ?2 AND form = ?${n})))`;
}

export async function pages(db: D1Database, q: Question): Promise<PagesAnswer> {
  const w = where(q, 'day', undefined, { skip: ['form'] });
  const sql = formOrItsPages(q, w, 'counters_daily', 'day');
  const rows = await all<Omit<PagesAnswer['rows'][number], 'conversion'>>(
    db,
    'SELECT site, page, coalesce(sum(pageviews),0) AS pageviews, coalesce(sum(views),0) AS formViews, coalesce(sum(starts),0) AS starts, ' +
      `coalesce(sum(submissions),0) AS submissions, coalesce(sum(delivered),0) AS delivered FROM counters_daily WHERE ${sql} GROUP BY site, page ` +
      `HAVING pageviews + formViews + starts + submissions + delivered > 0 ORDER BY pageviews DESC, submissions DESC, formViews DESC LIMIT ${LIST_ROWS}`,
    w.binds,
  );
  return { rows: rows.map((r) => ({ ...r, conversion: rate(r.submissions, r.pageviews) })) };
}

export async function fields(db: D1Database, q: Question): Promise<FieldsAnswer> {
  const w = where(q, 'hour', ['site', 'page', 'form', 'source', 'utm_campaign']);
  const tallies = await all<{ kind: string; key: string; n: number }>(
    db,
    `SELECT kind, key, sum(n) AS n FROM field_tallies WHERE ${w.sql} GROUP BY kind, key`,
    w.binds,
  );
  const byField = new Map<string, FieldRow>();
  const bins = new Map<number, number>();
  for (const t of tallies) {
    if (t.kind === 'complete') {
      bins.set(Number(t.key), (bins.get(Number(t.key)) ?? 0) + t.n);
      continue;
    }
    const row = byField.get(t.key) ?? { field: t.key, abandons: 0, returns: 0 };
    if (t.kind === 'abandon') row.abandons += t.n;
    else if (t.kind === 'return') row.returns += t.n;
    byField.set(t.key, row);
  }
  const rows = [...byField.values()].sort((a, b) => b.abandons - a.abandons || b.returns - a.returns || a.field.localeCompare(b.field)).slice(0, LIST_ROWS);
  const completion: CompletionBin[] = COMPLETION_BINS.map((le) => ({ le, n: bins.get(le) ?? 0 }));
  return { rows, completionMs: { p50: percentile(bins, 0.5, COMPLETION_BINS), p90: percentile(bins, 0.9, COMPLETION_BINS), bins: completion } };
}

/** The last 30 minutes, per minute, and the 30 before them in total (the realtime table keeps an hour: store.ts). */
export async function realtime(db: D1Database, q: Question, now: number): Promise<RealtimeAnswer> {
  const last = Math.floor(now / MINUTE_MS);
  const first = last - REALTIME_MINUTES + 1;
  const w = where(q, 'minute', ['site', 'page', 'source', 'utm_campaign'], { range: [first - REALTIME_MINUTES, last] });
  const sql = formOrItsPages(q, w, 'realtime', 'minute');
  const rows = await all<{ minute: number; pageviews: number; starts: number }>(
    db,
    `SELECT minute, sum(pageviews) AS pageviews, sum(starts) AS starts FROM realtime WHERE ${sql} GROUP BY minute`,
    w.binds,
  );
  const byMinute = new Map(rows.map((r) => [r.minute, r]));
  const points: RealtimeAnswer['points'] = [];
  for (let m = first; m <= last; m++) {
    const r = byMinute.get(m);
    points.push({ t: new Date(m * MINUTE_MS).toISOString().replace('.000Z', 'Z'), pageviews: r?.pageviews ?? 0, starts: r?.starts ?? 0 });
  }
  const sum = (k: 'pageviews' | 'starts') => points.reduce((a, p) => a + p[k], 0);
  const before = (k: 'pageviews' | 'starts') => rows.reduce((a, r) => a + (r.minute < first ? r[k] : 0), 0);
  return {
    minutes: REALTIME_MINUTES,
    pageviews: sum('pageviews'),
    starts: sum('starts'),
    points,
    previous: { pageviews: before('pageviews'), starts: before('starts') },
  };
}

/** The install check: the allowed sites first (ALLOWED_ORIGINS' exact origins, and every site that counted something,
 * the most recently seen first), then at most REFUSED_LISTED origins that only ever sent refused requests. */
export async function sites(db: D1Database, allowedOrigins: readonly string[], now: number): Promise<SitesAnswer> {
  const allowed = (origin: string) => originAllowed(origin, allowedOrigins.join(','));
  const seen = await all<{ origin: string; last_view: number | null; last_capture: number | null }>(
    db,
    `SELECT origin, last_view, last_capture FROM sites WHERE origin NOT IN ('', '${OTHER}') ORDER BY max(coalesce(last_view, 0), coalesce(last_capture, 0)) DESC LIMIT 500`,
    [],
  );
  const refused = await all<{ site: string; key: string; n: number }>(
    db,
    `SELECT site, key, sum(n) AS n FROM tallies WHERE kind = 'refused' AND hour >= ?1 GROUP BY site, key ORDER BY n DESC`,
    [Math.floor(now / HOUR_MS) - 23],
  );
  const refusals = new Map<string, Record<string, number>>();
  for (const r of refused) refusals.set(r.site, { ...refusals.get(r.site), [r.key]: r.n });
  const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : null);
  const list = seen.map((s) => ({
    origin: s.origin,
    allowed: allowed(s.origin),
    lastView: iso(s.last_view),
    lastCapture: iso(s.last_capture),
    refusals24h: refusals.get(s.origin) ?? {},
  }));
  const listed = new Set(list.map((s) => s.origin));
  for (const origin of allowedOrigins) {
    if (origin.includes('*') || listed.has(origin)) continue;
    list.push({ origin, allowed: true, lastView: null, lastCapture: null, refusals24h: refusals.get(origin) ?? {} });
    listed.add(origin);
  }
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const refusedOnly = [...refusals]
    .filter(([origin]) => origin && origin !== OTHER && !listed.has(origin))
    .sort((a, b) => total(b[1]) - total(a[1]))
    .slice(0, REFUSED_LISTED);
  for (const [origin, r] of refusedOnly) list.push({ origin, allowed: allowed(origin), lastView: null, lastCapture: null, refusals24h: r });
  return { sites: list };
}

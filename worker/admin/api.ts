// GET /admin/api/{forms,pages,fields,series,breakdown,health,sites,realtime}: the analytics JSON the console reads
// (README, "Admin API").
// Behind the admin token (routes.ts); every answer is no-store: the numbers change by the minute.
import type { BreakdownAnswer, FormsAnswer, Health, SeriesAnswer } from '../../common/admin-api';
import type { Env } from '../env';
import { error, json } from '../http';
import { config } from '../config';
import { HOUR_MS, all, fields, pages, realtime, sites } from '../analytics/answers';
import { BREAKDOWNS, LIST_ROWS, MAX_HOUR_DAYS, parseQuestion, percentile, rate, where, type Question } from '../analytics/query';

const SUMS =
  'coalesce(sum(pageviews),0) AS pageviews, coalesce(sum(views),0) AS views, coalesce(sum(starts),0) AS starts, coalesce(sum(abandons),0) AS abandons, ' +
  'coalesce(sum(submissions),0) AS submissions, coalesce(sum(delivered),0) AS delivered';
type Sums = { pageviews: number; views: number; starts: number; abandons: number; submissions: number; delivered: number };
const noStore = { 'cache-control': 'no-store' };
const bad = (param: string, message: string) => error('invalid_body', `${param}: ${message}`, { issues: [{ path: param, message }], headers: noStore });

async function forms(db: D1Database, q: Question): Promise<FormsAnswer> {
  const w = where(q, 'day');
  const rows = await all<Sums & { site: string; page: string; form: string }>(
    db,
    `SELECT site, page, form, ${SUMS} FROM counters_daily WHERE ${w.sql} AND form != '' GROUP BY site, page, form HAVING views + starts + submissions + delivered > 0 ORDER BY views DESC, submissions DESC LIMIT ${LIST_ROWS}`,
    w.binds,
  );
  const t = where(q, 'hour', ['site', 'page', 'form', 'source', 'utm_campaign']);
  const abandoned = await all<{ site: string; page: string; form: string; key: string; n: number }>(
    db,
    `SELECT site, page, form, key, sum(n) AS n FROM field_tallies WHERE kind = 'abandon' AND ${t.sql} GROUP BY site, page, form, key ORDER BY n DESC`,
    t.binds,
  );
  const top = new Map<string, string>();
  for (const f of abandoned) if (!top.has(JSON.stringify([f.site, f.page, f.form]))) top.set(JSON.stringify([f.site, f.page, f.form]), f.key);
  return {
    rows: rows.map(({ pageviews: _, ...r }) => ({
      ...r,
      topAbandonField: top.get(JSON.stringify([r.site, r.page, r.form])) ?? null,
      startRate: rate(r.starts, r.views),
      conversion: rate(r.submissions, r.views),
      abandonRate: rate(r.abandons, r.starts),
    })),
  };
}

async function series(db: D1Database, q: Question, bucket: 'hour' | 'day'): Promise<SeriesAnswer> {
  const w = where(q, bucket);
  const table = bucket === 'hour' ? 'counters_hourly' : 'counters_daily';
  const rows = await all<Sums & { b: number }>(db, `SELECT ${bucket} AS b, ${SUMS} FROM ${table} WHERE ${w.sql} GROUP BY ${bucket}`, w.binds);
  const byBucket = new Map(rows.map((r) => [r.b, r]));
  const [lo, hi, ms] = bucket === 'hour' ? [q.from * 24, q.to * 24 + 23, HOUR_MS] : [q.from, q.to, 24 * HOUR_MS];
  const points = [];
  // Every bucket in the range, zeros included: a chart needs the gaps.
  for (let b = lo; b <= hi; b++) {
    const r = byBucket.get(b);
    points.push({
      t: new Date(b * ms).toISOString().replace('.000Z', 'Z'),
      pageviews: r?.pageviews ?? 0,
      views: r?.views ?? 0,
      starts: r?.starts ?? 0,
      abandons: r?.abandons ?? 0,
      submissions: r?.submissions ?? 0,
      delivered: r?.delivered ?? 0,
    });
  }
  return { bucket, points };
}

async function breakdown(db: D1Database, q: Question, by: keyof typeof BREAKDOWNS): Promise<BreakdownAnswer> {
  const w = where(q, 'day');
  const col = BREAKDOWNS[by];
  // Page views count here too: top pages and sources are those of every page, with a form or not.
  const rows = await all<Sums & { key: string }>(
    db,
    `SELECT ${col} AS key, ${SUMS} FROM counters_daily WHERE ${w.sql} GROUP BY ${col} HAVING pageviews + views + starts + submissions + delivered > 0 ORDER BY pageviews DESC, views DESC, submissions DESC LIMIT ${LIST_ROWS}`,
    w.binds,
  );
  return { by, rows: rows.map(({ abandons: _, ...r }) => r) };
}

async function health(db: D1Database, q: Question): Promise<Health> {
  const w = where(q, 'day');
  const [sums] = await all<{ delivered: number; retrying: number; deadLettered: number }>(
    db,
    `SELECT coalesce(sum(delivered),0) AS delivered, coalesce(sum(retried),0) AS retrying, coalesce(sum(dead_lettered),0) AS deadLettered FROM counters_daily WHERE ${w.sql}`,
    w.binds,
  );
  const t = where(q, 'hour', ['site', 'page', 'form']);
  const tallies = await all<{ kind: string; key: string; n: number }>(
    db,
    `SELECT kind, key, sum(n) AS n FROM tallies WHERE kind IN ('dropped', 'latency') AND ${t.sql} GROUP BY kind, key`,
    t.binds,
  );
  const dropped: Record<string, number> = {};
  const bins = new Map<number, number>();
  for (const r of tallies) {
    if (r.kind === 'dropped') dropped[r.key] = r.n;
    else bins.set(Number(r.key), r.n);
  }
  return { ...sums!, dropped, latencyMs: { p50: percentile(bins, 0.5), p95: percentile(bins, 0.95) } };
}

/** The /admin/api/ routes, after the token check. */
export async function handleApi(req: Request, env: Env, path: string): Promise<Response> {
  if (req.method !== 'GET') return error('method_not_allowed', 'use GET', { headers: { allow: 'GET', ...noStore } });
  if (!env.DB) return error('misconfigured', 'analytics needs the DB binding (wrangler.toml [[d1_databases]])', { headers: noStore });
  const params = new URL(req.url).searchParams;
  const parsed = parseQuestion(params);
  if (!parsed.ok) return bad(parsed.param, parsed.message);
  const q = parsed.value;
  const answer = (body: unknown) => json(body, 200, noStore);
  switch (path) {
    case '/admin/api/forms':
      return answer(await forms(env.DB, q));
    case '/admin/api/pages':
      return answer(await pages(env.DB, q));
    case '/admin/api/fields':
      return answer(await fields(env.DB, q));
    case '/admin/api/realtime':
      return answer(await realtime(env.DB, q, Date.now()));
    case '/admin/api/series': {
      const bucket = params.get('bucket') ?? 'day';
      if (bucket !== 'hour' && bucket !== 'day') return bad('bucket', 'must be hour or day');
      if (bucket === 'hour' && q.to - q.from + 1 > MAX_HOUR_DAYS) return bad('bucket', `hour buckets cover at most ${MAX_HOUR_DAYS} days`);
      return answer(await series(env.DB, q, bucket));
    }
    case '/admin/api/breakdown': {
      const by = params.get('by') ?? '';
      if (!Object.hasOwn(BREAKDOWNS, by)) return bad('by', `must be one of ${Object.keys(BREAKDOWNS).join(', ')}`);
      return answer(await breakdown(env.DB, q, by as keyof typeof BREAKDOWNS));
    }
    case '/admin/api/health':
      return answer(await health(env.DB, q));
    case '/admin/api/sites':
      return answer(await sites(env.DB, config(env).ALLOWED_ORIGINS, Date.now()));
    default:
      return error('not_found', 'no such admin API route', { headers: noStore });
  }
}

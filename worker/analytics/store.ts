// The events queue's consumer: a batch of messages becomes one D1 batch (one transaction): the message keys it
// counts, the new keys it lets in (caps.ts), then one multi-row UPSERT per table. Rows travel as JSON parameters read
// back with json_each, which keeps every statement at 1-3 bound parameters whatever the batch size, and are cut into
// pieces under D1's 2 MB per string (chunks.ts).
import * as v from 'valibot';
import { config } from '../config';
import type { Env } from '../env';
import { log } from '../log';
import { DEFAULT_CAPS, applyCaps, type Caps } from './caps';
import { jsonChunks } from './chunks';
import { COUNTERS, EventMessageSchema, FIELD_KINDS, type EventMessage } from './count';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Minutes the realtime table keeps: the 30 the API shows per minute, and the 30 before them, which it totals for the
 * console's deltas (a late batch lands there too). */
export const REALTIME_KEEP_MINUTES = 60;
const DIM_COLS = 'site, page, form, source, utm_source, utm_medium, utm_campaign, country, device';
const COUNT_COLS = 'views, starts, abandons, submissions, delivered, retried, dead_lettered, dropped, pageviews';
const cols = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `json_extract(value, '$[${from + i}]')`).join(', ');
const sumUp = (list: string) =>
  list
    .split(', ')
    .map((c) => `${c} = ${c} + excluded.${c}`)
    .join(', ');
// `WHERE true`: SQLite's parser needs it between INSERT … SELECT and ON CONFLICT (sqlite.org/lang_upsert.html).
const upsertCounters = (table: string, time: string) =>
  `INSERT INTO ${table} (${time}, ${DIM_COLS}, ${COUNT_COLS}) SELECT ${cols(19)} FROM json_each(?1) WHERE true ` +
  `ON CONFLICT (${time}, ${DIM_COLS}) DO UPDATE SET ${sumUp(COUNT_COLS)}`;
const UPSERT_TALLIES = `INSERT INTO tallies (hour, site, page, form, kind, key, n) SELECT ${cols(7)} FROM json_each(?1) WHERE true ON CONFLICT (hour, site, page, form, kind, key) DO UPDATE SET n = n + excluded.n`;
const FIELD_COLS = 'hour, site, page, form, source, utm_campaign, kind, key';
const UPSERT_FIELDS = `INSERT INTO field_tallies (${FIELD_COLS}, n) SELECT ${cols(9)} FROM json_each(?1) WHERE true ON CONFLICT (${FIELD_COLS}) DO UPDATE SET n = n + excluded.n`;
const RT_COLS = 'minute, site, page, form, source, utm_campaign';
const UPSERT_REALTIME = `INSERT INTO realtime (${RT_COLS}, pageviews, starts) SELECT ${cols(8)} FROM json_each(?1) WHERE true ON CONFLICT (${RT_COLS}) DO UPDATE SET ${sumUp('pageviews, starts')}`;
const later = (c: string) => `${c} = CASE WHEN coalesce(excluded.${c}, 0) > coalesce(${c}, 0) THEN excluded.${c} ELSE ${c} END`;
const UPSERT_SITES = `INSERT INTO sites (origin, last_view, last_capture) SELECT ${cols(3)} FROM json_each(?1) WHERE true ON CONFLICT (origin) DO UPDATE SET ${later('last_view')}, ${later('last_capture')}`;
// A plain INSERT: a key another consumer wrote meanwhile fails the whole transaction, and the batch is retried.
const MARK = `INSERT INTO processed (id, at) SELECT value, ?2 FROM json_each(?1)`;
const SEEN = `SELECT id FROM processed WHERE id IN (SELECT value FROM json_each(?1))`;

type Acc = Map<string, (string | number)[]>;
/** Adds `counts` to the row keyed by `key` (its leading columns), creating it at zero. */
function add(acc: Acc, key: (string | number)[], counts: number[]): void {
  const id = JSON.stringify(key);
  const row = acc.get(id) ?? [...key, ...counts.map(() => 0)];
  counts.forEach((n, i) => {
    row[key.length + i] = (row[key.length + i] as number) + n;
  });
  acc.set(id, row);
}

/** Folds messages into the rows of each table, summed in memory first: one row per bucket and key. */
export function aggregate(messages: EventMessage[]) {
  const hourly: Acc = new Map();
  const daily: Acc = new Map();
  const tallies: Acc = new Map();
  const fields: Acc = new Map();
  const realtime: Acc = new Map();
  const sites = new Map<string, [string, number | null, number | null]>();
  for (const m of messages) {
    const hour = Math.floor(m.t / HOUR);
    for (const { d, c, x } of m.rows) {
      const dims = [d.site, d.page, d.form, d.source, d.utmSource, d.utmMedium, d.utmCampaign, d.country, d.device];
      const counts = COUNTERS.map((k) => c[k] ?? 0);
      // A row of refusals only counts into the tallies: a refused origin is no site and has no buckets.
      if (counts.some((n) => n > 0)) {
        add(hourly, [hour, ...dims], counts);
        add(daily, [Math.floor(m.t / DAY), ...dims], counts);
        const s = sites.get(d.site) ?? [d.site, null, null];
        if (c.views || c.pageviews) s[1] = Math.max(s[1] ?? 0, m.t);
        if (c.submissions) s[2] = Math.max(s[2] ?? 0, m.t);
        sites.set(d.site, s);
      }
      if (c.pageviews || c.starts)
        add(realtime, [Math.floor(m.t / MINUTE), d.site, d.page, d.form, d.source, d.utmCampaign], [c.pageviews ?? 0, c.starts ?? 0]);
      for (const [kind, key] of x ?? []) {
        if (FIELD_KINDS.has(kind)) add(fields, [hour, d.site, d.page, d.form, d.source, d.utmCampaign, kind, key], [1]);
        else add(tallies, [hour, d.site, d.page, d.form, kind, key], [1]);
      }
    }
  }
  const rows = (acc: Acc) => [...acc.values()];
  return {
    hourly: rows(hourly),
    daily: rows(daily),
    tallies: rows(tallies),
    fields: rows(fields),
    realtime: rows(realtime),
    sites: [...sites.values()].filter((s) => s[1] !== null || s[2] !== null),
  };
}

/** Writes a batch's messages once each: keys already processed are skipped, the rest counted in one transaction
 * (new keys over the caps counted as '(other)'). */
export async function storeEvents(
  db: D1Database,
  batch: readonly { id: string; body: unknown }[],
  now = Date.now(),
  caps: Caps = DEFAULT_CAPS,
): Promise<number> {
  const byKey = new Map<string, EventMessage>();
  for (const msg of batch) {
    const parsed = v.safeParse(EventMessageSchema, msg.body);
    if (!parsed.success) {
      log('analytics.invalid_message', { messageId: msg.id });
      continue;
    }
    byKey.set(parsed.output.k ?? msg.id, parsed.output);
  }
  const keys = [...byKey.keys()];
  if (!keys.length) return 0;
  const seen = await db.batch<{ id: string }>(jsonChunks(keys).map((json) => db.prepare(SEEN).bind(json)));
  for (const res of seen) for (const { id } of res.results) byKey.delete(id);
  if (!byKey.size) return 0;
  const messages = [...byKey.values()];
  const statements = jsonChunks([...byKey.keys()]).map((json) => db.prepare(MARK).bind(json, now));
  statements.push(...(await applyCaps(db, messages, Math.floor(now / HOUR), caps)));
  const rows = aggregate(messages);
  const upsert = (sql: string, list: unknown[]) => {
    for (const json of jsonChunks(list)) statements.push(db.prepare(sql).bind(json));
  };
  upsert(upsertCounters('counters_hourly', 'hour'), rows.hourly);
  upsert(upsertCounters('counters_daily', 'day'), rows.daily);
  upsert(UPSERT_TALLIES, rows.tallies);
  upsert(UPSERT_FIELDS, rows.fields);
  upsert(UPSERT_REALTIME, rows.realtime);
  upsert(UPSERT_SITES, rows.sites);
  // The realtime table holds the last hour only: pruned here, by the batches that grow it.
  if (rows.realtime.length) statements.push(db.prepare('DELETE FROM realtime WHERE minute < ?1').bind(Math.floor(now / MINUTE) - REALTIME_KEEP_MINUTES));
  await db.batch(statements);
  return byKey.size;
}

/** Deletes hourly buckets, tallies and forgotten keys past HOURLY_RETENTION_DAYS (90), daily ones past
 * DAILY_RETENTION_DAYS (730; 0: kept), sites seen by neither in HOURLY_RETENTION_DAYS, realtime minutes past the hour, and
 * processed keys past 14 days (Queues keeps a message at most 14 days, so none older can come again). */
export async function applyRetention(env: Env, now = Date.now()): Promise<void> {
  if (!env.DB) return;
  const vars = config(env);
  const hourCut = Math.floor((now - vars.HOURLY_RETENTION_DAYS * DAY) / HOUR);
  const statements = [
    env.DB.prepare('DELETE FROM counters_hourly WHERE hour < ?1').bind(hourCut),
    env.DB.prepare('DELETE FROM tallies WHERE hour < ?1').bind(hourCut),
    env.DB.prepare('DELETE FROM field_tallies WHERE hour < ?1').bind(hourCut),
    env.DB.prepare('DELETE FROM dim_keys WHERE last_hour < ?1').bind(hourCut),
    env.DB.prepare('DELETE FROM sites WHERE max(coalesce(last_view, 0), coalesce(last_capture, 0)) < ?1').bind(hourCut * HOUR),
    env.DB.prepare('DELETE FROM realtime WHERE minute < ?1').bind(Math.floor(now / MINUTE) - REALTIME_KEEP_MINUTES),
    env.DB.prepare('DELETE FROM processed WHERE at < ?1').bind(now - 14 * DAY),
  ];
  if (vars.DAILY_RETENTION_DAYS > 0)
    statements.push(env.DB.prepare('DELETE FROM counters_daily WHERE day < ?1').bind(Math.floor((now - vars.DAILY_RETENTION_DAYS * DAY) / DAY)));
  await env.DB.batch(statements);
}

/** The queue handler: a failed write throws, so Queues redelivers the batch (and the processed keys keep it exact). */
export async function consumeEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (!env.DB) {
    log('analytics.no_database', { messages: batch.messages.length });
    return;
  }
  const vars = config(env);
  const caps = { newKeys: vars.ANALYTICS_NEW_KEYS_PER_HOUR, refusedOrigins: vars.ANALYTICS_REFUSED_ORIGINS_PER_HOUR };
  const counted = await storeEvents(env.DB, batch.messages, Date.now(), caps);
  log('analytics.stored', { messages: batch.messages.length, counted });
}

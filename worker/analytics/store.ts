// The events queue's consumer: a batch of messages becomes one D1 batch (one transaction): the message keys it
// counts, then one multi-row UPSERT per table. Rows travel as one JSON parameter read back with json_each, which
// keeps every statement under D1's 100 bound parameters whatever the batch size.
import * as v from 'valibot';
import { config } from '../config';
import type { Env } from '../env';
import { log } from '../log';
import { COUNTERS, EventMessageSchema, type EventMessage } from './count';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DIM_COLS = 'site, page, form, source, utm_source, utm_medium, utm_campaign, country, device';
const COUNT_COLS = 'views, starts, abandons, submissions, delivered, retried, dead_lettered, dropped';
const cols = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `json_extract(value, '$[${from + i}]')`).join(', ');
const adds = COUNT_COLS.split(', ')
  .map((c) => `${c} = ${c} + excluded.${c}`)
  .join(', ');
// `WHERE true`: SQLite's parser needs it between INSERT … SELECT and ON CONFLICT (sqlite.org/lang_upsert.html).
const upsertCounters = (table: string, time: string) =>
  `INSERT INTO ${table} (${time}, ${DIM_COLS}, ${COUNT_COLS}) SELECT ${cols(18)} FROM json_each(?1) WHERE true ` +
  `ON CONFLICT (${time}, ${DIM_COLS}) DO UPDATE SET ${adds}`;
const UPSERT_TALLIES = `INSERT INTO tallies (hour, site, page, form, kind, key, n) SELECT ${cols(7)} FROM json_each(?1) WHERE true ON CONFLICT (hour, site, page, form, kind, key) DO UPDATE SET n = n + excluded.n`;
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
  const sites = new Map<string, [string, number | null, number | null]>();
  for (const m of messages) {
    const hour = Math.floor(m.t / HOUR);
    for (const { d, c, x } of m.rows) {
      const dims = [d.site, d.page, d.form, d.source, d.utmSource, d.utmMedium, d.utmCampaign, d.country, d.device];
      const counts = COUNTERS.map((k) => c[k] ?? 0);
      add(hourly, [hour, ...dims], counts);
      add(daily, [Math.floor(m.t / DAY), ...dims], counts);
      for (const [kind, key] of x ?? []) add(tallies, [hour, d.site, d.page, d.form, kind, key], [1]);
      const s = sites.get(d.site) ?? [d.site, null, null];
      if (c.views) s[1] = Math.max(s[1] ?? 0, m.t);
      if (c.submissions) s[2] = Math.max(s[2] ?? 0, m.t);
      sites.set(d.site, s);
    }
  }
  return { hourly: [...hourly.values()], daily: [...daily.values()], tallies: [...tallies.values()], sites: [...sites.values()] };
}

/** Writes a batch's messages once each: keys already processed are skipped, the rest counted in one transaction. */
export async function storeEvents(db: D1Database, batch: readonly { id: string; body: unknown }[], now = Date.now()): Promise<number> {
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
  const seen = await db.prepare(SEEN).bind(JSON.stringify(keys)).all<{ id: string }>();
  for (const { id } of seen.results) byKey.delete(id);
  if (!byKey.size) return 0;
  const rows = aggregate([...byKey.values()]);
  const json = (r: unknown[]) => JSON.stringify(r);
  const statements = [db.prepare(MARK).bind(json([...byKey.keys()]), now)];
  if (rows.hourly.length) statements.push(db.prepare(upsertCounters('counters_hourly', 'hour')).bind(json(rows.hourly)));
  if (rows.daily.length) statements.push(db.prepare(upsertCounters('counters_daily', 'day')).bind(json(rows.daily)));
  if (rows.tallies.length) statements.push(db.prepare(UPSERT_TALLIES).bind(json(rows.tallies)));
  if (rows.sites.length) statements.push(db.prepare(UPSERT_SITES).bind(json(rows.sites)));
  await db.batch(statements);
  return byKey.size;
}

/** Deletes hourly buckets and tallies past HOURLY_RETENTION_DAYS (90), daily ones past DAILY_RETENTION_DAYS (0: kept),
 * and processed keys past 14 days (Queues keeps a message at most 14 days, so none older can come again). */
export async function applyRetention(env: Env, now = Date.now()): Promise<void> {
  if (!env.DB) return;
  const hourCut = Math.floor((now - config(env).HOURLY_RETENTION_DAYS * DAY) / HOUR);
  const dailyDays = config(env).DAILY_RETENTION_DAYS;
  const statements = [
    env.DB.prepare('DELETE FROM counters_hourly WHERE hour < ?1').bind(hourCut),
    env.DB.prepare('DELETE FROM tallies WHERE hour < ?1').bind(hourCut),
    env.DB.prepare('DELETE FROM processed WHERE at < ?1').bind(now - 14 * DAY),
  ];
  if (dailyDays > 0) statements.push(env.DB.prepare('DELETE FROM counters_daily WHERE day < ?1').bind(Math.floor((now - dailyDays * DAY) / DAY)));
  await env.DB.batch(statements);
}

/** The queue handler: a failed write throws, so Queues redelivers the batch (and the processed keys keep it exact). */
export async function consumeEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (!env.DB) {
    log('analytics.no_database', { messages: batch.messages.length });
    return;
  }
  const counted = await storeEvents(env.DB, batch.messages);
  log('analytics.stored', { messages: batch.messages.length, counted });
}

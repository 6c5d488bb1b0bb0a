// Storage stays bounded and within D1's limits: a batch far over 2 MB of keys is written in pieces, every table is
// pruned by the cron, and /v1/events answers CORS as the capture routes do.
import { env, exports } from 'cloudflare:workers';
import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../worker/analytics/count';
import type { Dims } from '../../worker/analytics/dims';
import { applyRetention, storeEvents } from '../../worker/analytics/store';

const db = env.DB!;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** D1's limit on one string or blob (developers.cloudflare.com/d1/platform/limits). */
const D1_STRING_BYTES = 2_000_000;

/** The database with every bound string's size recorded: what D1 would have been sent. */
function recording(): { db: D1Database; sizes: number[] } {
  const sizes: number[] = [];
  const enc = new TextEncoder();
  const wrapped = {
    prepare(sql: string) {
      const st = db.prepare(sql);
      const bind = st.bind.bind(st);
      st.bind = (...values: unknown[]) => {
        for (const v of values) if (typeof v === 'string') sizes.push(enc.encode(v).byteLength);
        return bind(...values);
      };
      return st;
    },
    batch: db.batch.bind(db),
  } as unknown as D1Database;
  return { db: wrapped, sizes };
}

const dims = (site: string, over: Partial<Dims> = {}): Dims => ({
  site,
  page: '/',
  form: 'contact',
  source: '',
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  country: 'DE',
  device: 'desktop',
  ...over,
});

describe('D1 limits', () => {
  it('writes a 100-message batch of 5,000 rows with 200-character keys (~10 MB of JSON) in pieces under 2 MB, with exact counts', {
    timeout: 120_000,
  }, async () => {
    const site = `https://${nanoid(8)}.test`;
    const long = (i: number, what: string) => `${what}-${i}-`.padEnd(200, 'x');
    const t = Date.UTC(2026, 10, 20, 9);
    const messages: EventMessage[] = Array.from({ length: 100 }, (_, m) => ({
      v: 1,
      t,
      rows: [
        { d: dims(site), c: { views: 1 } },
        ...Array.from({ length: 49 }, (_, r) => {
          const i = m * 49 + r;
          return {
            d: dims(site, {
              page: long(i, '/p'),
              form: long(i, 'f'),
              source: long(i, 's'),
              utmSource: long(i, 'u'),
              utmMedium: long(i, 'm'),
              utmCampaign: long(i, 'c'),
            }),
            c: { views: 1 },
            x: [['abandon', long(i, 'field')] as ['abandon', string]],
          };
        }),
      ],
    }));
    const rec = recording();
    const counted = await storeEvents(
      rec.db,
      messages.map((body) => ({ id: nanoid(), body })),
      t,
      { newKeys: 1_000_000, refusedOrigins: 20 },
    );
    expect(counted).toBe(100);
    expect(rec.sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(6_000_000);
    expect(Math.max(...rec.sizes)).toBeLessThanOrEqual(D1_STRING_BYTES);
    const real = await db.prepare(`SELECT views FROM counters_hourly WHERE site = ?1 AND page = '/' AND form = 'contact'`).bind(site).all();
    expect(real.results).toEqual([{ views: 100 }]);
    const all = await db.prepare('SELECT count(*) AS n, sum(views) AS views FROM counters_daily WHERE site = ?1').bind(site).first();
    expect(all).toEqual({ n: 1 + 4900, views: 5000 });
  });
});

describe('retention', () => {
  it('prunes every table: hourly buckets, tallies, field tallies and known keys past 90 days, sites unseen as long, realtime past the hour', async () => {
    const site = `https://${nanoid(8)}.test`;
    const now = Date.UTC(2027, 5, 1, 12);
    const old = now - 91 * DAY;
    const recent = now - 89 * DAY;
    const msg = (t: number, over: Partial<Dims>): EventMessage => ({
      v: 1,
      t,
      rows: [{ d: dims(site, over), c: { pageviews: 1, starts: 1, abandons: 1 }, x: [['abandon', 'email']] }],
    });
    await storeEvents(db, [{ id: nanoid(), body: msg(old, { page: '/old' }) }], old);
    const oldSite = `https://${nanoid(8)}.test`;
    await storeEvents(db, [{ id: nanoid(), body: { ...msg(old, {}), rows: [{ d: dims(oldSite), c: { views: 1 } }] } }], old);
    await storeEvents(db, [{ id: nanoid(), body: msg(recent, { page: '/recent' }) }], recent);
    await storeEvents(db, [{ id: nanoid(), body: msg(now - 61 * 60_000, { page: '/an-hour-ago' }) }], now - 61 * 60_000);
    await storeEvents(db, [{ id: nanoid(), body: msg(now, { page: '/now' }) }], now);
    await applyRetention({ ...env, HOURLY_RETENTION_DAYS: '90', DAILY_RETENTION_DAYS: '0' }, now);
    const pages = async (table: string) =>
      (await db.prepare(`SELECT DISTINCT page FROM ${table} WHERE site = ?1 ORDER BY page`).bind(site).all<{ page: string }>()).results.map((r) => r.page);
    expect(await pages('counters_hourly')).toEqual(['/an-hour-ago', '/now', '/recent']);
    expect(await pages('field_tallies')).toEqual(['/an-hour-ago', '/now', '/recent']);
    expect(await pages('realtime')).toEqual(['/now']);
    expect(await pages('counters_daily')).toEqual(['/an-hour-ago', '/now', '/old', '/recent']);
    const keys = (await db.prepare(`SELECT key FROM dim_keys WHERE scope = ?1 AND dim = 'page' ORDER BY key`).bind(site).all<{ key: string }>()).results;
    expect(keys.map((k) => k.key)).toEqual(['/an-hour-ago', '/now', '/recent']);
    const sites = (await db.prepare('SELECT origin FROM sites WHERE origin IN (?1, ?2)').bind(site, oldSite).all<{ origin: string }>()).results;
    expect(sites.map((s) => s.origin)).toEqual([site]);
  });
});

describe('retention by default', () => {
  it('deletes daily totals past two years with the shipped DAILY_RETENTION_DAYS', async () => {
    const site = `https://${nanoid(8)}.test`;
    const now = Date.UTC(2028, 0, 10, 12);
    for (const age of [731, 729]) {
      const t = now - age * DAY;
      await storeEvents(db, [{ id: nanoid(), body: { v: 1, t, rows: [{ d: dims(site), c: { views: 1 } }] } }], t);
    }
    await applyRetention(env, now);
    const days = (await db.prepare('SELECT day FROM counters_daily WHERE site = ?1').bind(site).all<{ day: number }>()).results;
    expect(days).toEqual([{ day: Math.floor((now - 729 * DAY) / DAY) }]);
  });
});

describe('CORS on POST /v1/events', () => {
  const post = (headers: Record<string, string>, method = 'POST') =>
    exports.default.fetch('https://beacon.example.net/v1/events', {
      method,
      headers: { 'content-type': 'text/plain', ...headers },
      body: method === 'POST' ? JSON.stringify(['https://www.example.com/', '', [['', 3]]]) : undefined,
    });

  it.each([
    ['Origin: null with an allowed Referer', { origin: 'null', referer: 'https://www.example.com/pricing' }],
    ['no Origin but an allowed Referer', { referer: 'https://www.example.com/pricing' }],
  ])('names no origin for %s (the capture routes do the same)', async (_t, headers) => {
    const res = await post(headers);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await post({ ...headers, 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('names the allowed Origin it decided on', async () => {
    const res = await post({ origin: 'https://www.example.com' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    const pre = await post({ origin: 'https://www.example.com', 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
  });
});

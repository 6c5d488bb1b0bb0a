// The events consumer against the tests' local D1: batches summed into hourly and daily buckets, a message counted
// once however often it comes, and retention.
import { env } from 'cloudflare:workers';
import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../worker/analytics/count';
import type { Dims } from '../../worker/analytics/dims';
import { applyRetention, storeEvents } from '../../worker/analytics/store';

const db = env.DB!;
const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 28, 10, 30);

function dims(site: string, over: Partial<Dims> = {}): Dims {
  return {
    site,
    page: '/pricing',
    form: 'demo',
    source: 'google.com',
    utmSource: 'google',
    utmMedium: 'cpc',
    utmCampaign: 'fall',
    country: 'DE',
    device: 'desktop',
    ...over,
  };
}
const msg = (site: string, c: EventMessage['rows'][number]['c'], t = T, k?: string, over?: Partial<Dims>): EventMessage => ({
  v: 1,
  t,
  k,
  rows: [{ d: dims(site, over), c }],
});
const batch = (...bodies: EventMessage[]) => bodies.map((body) => ({ id: nanoid(), body }));

async function hourly(site: string) {
  return (await db.prepare('SELECT hour, views, starts, submissions, delivered FROM counters_hourly WHERE site = ?1 ORDER BY hour').bind(site).all()).results;
}
async function daily(site: string) {
  return (await db.prepare('SELECT day, views, starts, submissions FROM counters_daily WHERE site = ?1 ORDER BY day, page').bind(site).all()).results;
}

describe('events consumer', () => {
  it('sums a batch into one hourly and one daily row per bucket and dimensions', async () => {
    const site = `https://${nanoid(8)}.test`;
    const counted = await storeEvents(
      db,
      batch(
        msg(site, { views: 1 }),
        msg(site, { views: 1, starts: 1 }),
        msg(site, { submissions: 1 }),
        msg(site, { views: 1 }, T, undefined, { page: '/other' }),
      ),
    );
    expect(counted).toBe(4);
    const hour = Math.floor(T / HOUR);
    expect((await db.prepare('SELECT page, views, starts, submissions FROM counters_hourly WHERE site = ?1 ORDER BY page').bind(site).all()).results).toEqual([
      { page: '/other', views: 1, starts: 0, submissions: 0 },
      { page: '/pricing', views: 2, starts: 1, submissions: 1 },
    ]);
    // Daily rows keep every dimension too: one per page, summed over the day's hours.
    const day = Math.floor(T / (24 * HOUR));
    expect(await daily(site)).toEqual([
      { day, views: 1, starts: 0, submissions: 0 },
      { day, views: 2, starts: 1, submissions: 1 },
    ]);
    expect((await hourly(site)).every((r) => r.hour === hour)).toBe(true);
  });

  it('adds a second batch onto the rows of the first (UPSERT, not overwrite)', async () => {
    const site = `https://${nanoid(8)}.test`;
    await storeEvents(db, batch(msg(site, { views: 2 })));
    await storeEvents(db, batch(msg(site, { views: 3, delivered: 1 })));
    expect(await hourly(site)).toEqual([{ hour: Math.floor(T / HOUR), views: 5, starts: 0, submissions: 0, delivered: 1 }]);
  });

  it('puts 10:59:59.999 and 11:00 in two hour buckets of one day', async () => {
    const site = `https://${nanoid(8)}.test`;
    const eleven = Date.UTC(2026, 10, 28, 11);
    await storeEvents(db, batch(msg(site, { views: 1 }, eleven - 1), msg(site, { views: 1 }, eleven)));
    expect((await hourly(site)).map((r) => [r.hour, r.views])).toEqual([
      [eleven / HOUR - 1, 1],
      [eleven / HOUR, 1],
    ]);
    expect((await daily(site)).map((r) => r.views)).toEqual([2]);
  });

  it('counts a redelivered message once, in a later batch or twice in the same one', async () => {
    const site = `https://${nanoid(8)}.test`;
    const [first] = batch(msg(site, { views: 1 }));
    expect(await storeEvents(db, [first!, first!])).toBe(1);
    expect(await storeEvents(db, [first!])).toBe(0);
    expect((await hourly(site)).map((r) => r.views)).toEqual([1]);
  });

  it('counts a capture event once by its own key, whatever message carries it', async () => {
    const site = `https://${nanoid(8)}.test`;
    const key = `submission:${nanoid()}`;
    await storeEvents(db, batch(msg(site, { submissions: 1 }, T, key)));
    await storeEvents(db, batch(msg(site, { submissions: 1 }, T, key), msg(site, { submissions: 1 }, T, `submission:${nanoid()}`)));
    expect((await hourly(site)).map((r) => r.submissions)).toEqual([2]);
  });

  it('skips a message that is not an event message and counts the rest', async () => {
    const site = `https://${nanoid(8)}.test`;
    expect(await storeEvents(db, [{ id: nanoid(), body: { v: 2 } }, ...batch(msg(site, { views: 1 }))])).toBe(1);
    expect((await hourly(site)).map((r) => r.views)).toEqual([1]);
  });

  it('deletes hourly buckets past 90 days and keeps daily totals (unless DAILY_RETENTION_DAYS says otherwise)', async () => {
    const site = `https://${nanoid(8)}.test`;
    const now = Date.UTC(2027, 2, 1, 12);
    const old = now - 91 * 24 * HOUR;
    const recent = now - 89 * 24 * HOUR;
    await storeEvents(db, batch(msg(site, { views: 1 }, old), msg(site, { views: 1 }, recent)));
    await applyRetention({ ...env, HOURLY_RETENTION_DAYS: '90', DAILY_RETENTION_DAYS: '0' }, now);
    expect((await hourly(site)).map((r) => r.hour)).toEqual([Math.floor(recent / HOUR)]);
    expect(await daily(site)).toHaveLength(2);
    await applyRetention({ ...env, DAILY_RETENTION_DAYS: '90' }, now);
    expect((await daily(site)).map((r) => r.day)).toEqual([Math.floor(recent / (24 * HOUR))]);
  });
});

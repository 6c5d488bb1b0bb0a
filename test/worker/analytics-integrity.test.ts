// Nobody outside can distort a site's numbers or grow storage without bound: each path flooded in workerd, and the
// real form's row still there with exact counts afterwards.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import type { BreakdownAnswer, FieldsAnswer, FormRow, PagesAnswer, SitesAnswer } from '../../common/admin-api';
import worker from '../../worker/index';
import type { Env } from '../../worker/env';
import { OTHER } from '../../worker/analytics/caps';
import type { EventMessage } from '../../worker/analytics/count';
import { eventsRoute } from '../../worker/analytics/events';
import { storeEvents } from '../../worker/analytics/store';
import { api, formsOf, freshSite, postEvents, today } from './analytics-helpers';
import { capture } from './helpers';

const settle = { timeout: 20_000, interval: 200 };
const db = env.DB!;
const limiters = env as unknown as { REAL_IP_LIMITER: RateLimit; TIGHT_LIMITER: RateLimit };
const randomIp = () => `198.18.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;

/** The worker with a recording events queue: what each request would have counted. */
async function callRecording(req: Request, over: Partial<Env> = {}) {
  const sent: EventMessage[] = [];
  const queue = { send: async (m: EventMessage) => void sent.push(m) } as unknown as Queue;
  const ctx = createExecutionContext();
  const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, EVENTS_QUEUE: queue, ...over } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return { res, sent };
}
const refusedCount = (sent: EventMessage[]) => sent.filter((m) => m.rows.some((r) => r.x?.some(([kind]) => kind === 'refused'))).length;

describe('refusals are counted only within the per-IP limit', () => {
  it('counts 20 of 30 refused captures from one IP with forged origins (the limit), and answers every one 403', async () => {
    const ip = randomIp();
    let counted = 0;
    for (let i = 0; i < 30; i++) {
      const req = new Request('https://beacon.example.net/v1/submissions', {
        method: 'POST',
        headers: { origin: `https://forged-${i}.example.net`, 'content-type': 'text/plain', 'cf-connecting-ip': ip },
        body: JSON.stringify(capture()),
      });
      const { res, sent } = await callRecording(req, { IP_RATE_LIMITER: limiters.REAL_IP_LIMITER });
      expect(res.status).toBe(403);
      counted += refusedCount(sent);
    }
    expect(counted).toBe(20);
  });

  it('counts 20 of 30 refused event posts from one IP, the rest answered 429', async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    let counted = 0;
    for (let i = 0; i < 30; i++) {
      const origin = `https://forged-${i}.example.net`;
      const req = new Request('https://beacon.example.net/v1/events', {
        method: 'POST',
        headers: { origin, 'content-type': 'text/plain', 'cf-connecting-ip': ip },
        body: JSON.stringify([`${origin}/`, '', [['', 3]]]),
      });
      const { res, sent } = await callRecording(req, { EVENTS_RATE_LIMITER: limiters.REAL_IP_LIMITER });
      statuses.push(res.status);
      counted += refusedCount(sent);
    }
    expect(counted).toBe(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });
});

describe('the per-site events limit', () => {
  it('answers 429 past the site limit from any IP, counts exactly what it let through, and leaves other sites alone', async () => {
    const site = freshSite();
    const other = freshSite();
    const call = (origin: string) =>
      eventsRoute(
        new Request('https://beacon.example.net/v1/events', {
          method: 'POST',
          headers: { origin, 'content-type': 'text/plain', 'cf-connecting-ip': randomIp() },
          body: JSON.stringify([`${origin}/`, '', [['contact', 0]]]),
        }),
        { ...env, SITE_EVENTS_RATE_LIMITER: limiters.TIGHT_LIMITER },
        createExecutionContext(),
      );
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(site)).status);
    expect(statuses).toEqual([204, 204, 204, 429, 429, 429]);
    expect((await call(other)).status).toBe(204);
    await expect.poll(async () => (await formsOf(site))[0]?.views, settle).toBe(3);
    await expect.poll(async () => (await formsOf(other))[0]?.views, settle).toBe(1);
  });
});

describe('the cap on new keys per site and hour', () => {
  it('keeps the real form and field with exact counts when one client posts 500 fake form keys and 500 fake fields', { timeout: 60_000 }, async () => {
    const site = freshSite();
    const url = `${site}/contact`;
    // The real form, seen before the flood: 3 views, 2 abandons on email.
    expect(
      (
        await postEvents(site, [
          url,
          '',
          [
            ['contact', 0],
            ['contact', 0],
            ['contact', 0],
            ['contact', 2, 'email'],
            ['contact', 2, 'email'],
          ],
        ])
      ).status,
    ).toBe(204);
    await expect.poll(async () => (await formsOf(site))[0]?.views, settle).toBe(3);
    // 500 fake keys with 5 views each (more than the real form's 3) and an abandon on a fake field each.
    for (let post = 0; post < 100; post++) {
      const events: unknown[] = [];
      for (let i = post * 5; i < post * 5 + 5; i++) events.push(...Array.from({ length: 5 }, () => [`fake-${i}`, 0]), [`fake-${i}`, 2, `f-${i}`]);
      expect((await postEvents(site, [url, '', events])).status).toBe(204);
    }
    const other = async () => (await formsOf(site)).find((r) => r.form === OTHER);
    // The real form and field were new this hour too: with them, 100 new keys each, the other 401 fakes in (other).
    await expect.poll(async () => (await other())?.views, settle).toBe(401 * 5);
    const rows: FormRow[] = await formsOf(site);
    expect(rows).toHaveLength(1 + 99 + 1);
    expect(rows.find((r) => r.form === 'contact')).toMatchObject({ views: 3, abandons: 2, topAbandonField: 'email' });
    const fields = (await api<FieldsAnswer>(`/admin/api/fields?from=${today()}&to=${today()}&site=${encodeURIComponent(site)}`)).body.rows;
    expect(fields).toHaveLength(1 + 99 + 1);
    expect(fields.slice(0, 2)).toEqual([
      { field: OTHER, abandons: 401, returns: 0 },
      { field: 'email', abandons: 2, returns: 0 },
    ]);
  });
});

describe('the cap on new pages and sources', () => {
  it('keeps the real page and source with exact counts when one client posts 150 fake paths from 150 fake referrers', { timeout: 60_000 }, async () => {
    const site = freshSite();
    for (let i = 0; i < 3; i++) expect((await postEvents(site, [`${site}/pricing`, 'https://www.google.com/', [['', 3]]])).status).toBe(204);
    const pages = async () => (await api<PagesAnswer>(`/admin/api/pages?from=${today()}&to=${today()}&site=${encodeURIComponent(site)}`)).body.rows;
    await expect.poll(async () => (await pages())[0]?.pageviews, settle).toBe(3);
    for (let i = 0; i < 150; i++) {
      const events = Array.from({ length: 5 }, () => ['', 3]);
      expect((await postEvents(site, [`${site}/fake-${i}`, `https://spam-${i}.example.net/`, events])).status).toBe(204);
    }
    // The real page and source were new this hour too: 99 fakes each pass, the other 51 count as (other).
    await expect.poll(async () => (await pages()).find((r) => r.page === OTHER)?.pageviews, settle).toBe(51 * 5);
    const rows = await pages();
    expect(rows).toHaveLength(1 + 99 + 1);
    expect(rows.find((r) => r.page === '/pricing')).toMatchObject({ pageviews: 3 });
    const sources = (await api<BreakdownAnswer>(`/admin/api/breakdown?from=${today()}&to=${today()}&site=${encodeURIComponent(site)}&by=source`)).body.rows;
    expect(sources).toHaveLength(1 + 99 + 1);
    expect(sources[0]).toMatchObject({ key: OTHER, pageviews: 51 * 5 });
    expect(sources.find((r) => r.key === 'google.com')).toMatchObject({ pageviews: 3 });
  });
});

describe('refused origins', () => {
  it('counts 600 made-up origins as at most 20 rows an hour and one (other) row, never as sites', { timeout: 60_000 }, async () => {
    const hour = Math.floor(Date.now() / 3_600_000);
    const otherBefore = await refusedN(OTHER, hour);
    const tag = nanoid(6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x');
    const origins = Array.from({ length: 600 }, (_, i) => `https://r${i}-${tag}.example.net`);
    for (const origin of origins) expect((await postEvents(origin, [`${origin}/`, '', [['', 3]]])).status).toBe(403);
    const mine = async () =>
      (await db.prepare(`SELECT count(*) AS n FROM tallies WHERE kind = 'refused' AND site LIKE ?1`).bind(`%-${tag}.example.net`).first<{ n: number }>())!.n;
    await expect.poll(async () => (await mine()) + (await refusedN(OTHER, hour)) - otherBefore, settle).toBe(600);
    expect(await mine()).toBeLessThanOrEqual(20);
    const inSites = await db.prepare('SELECT count(*) AS n FROM sites WHERE origin LIKE ?1').bind(`%-${tag}.example.net`).first<{ n: number }>();
    expect(inSites!.n).toBe(0);
  });

  it('lists the allowed sites first and at most 10 origins that only ever sent refused requests', { timeout: 60_000 }, async () => {
    const site = freshSite();
    expect((await postEvents(site, [`${site}/`, '', [['', 3]]])).status).toBe(204);
    const now = Date.now();
    const refused: EventMessage[] = Array.from({ length: 30 }, (_, i) => ({
      v: 1,
      t: now,
      rows: [{ d: { ...blank, site: `https://list-${i}-${nanoid(4)}.example.net` }, c: {}, x: [['refused', 'origin_not_allowed']] }],
    }));
    await storeEvents(
      db,
      refused.map((body) => ({ id: nanoid(), body })),
      now,
      { newKeys: 100, refusedOrigins: 1000 },
    );
    await expect.poll(async () => (await sitesList()).some((s) => s.origin === site), settle).toBe(true);
    const list = await sitesList();
    const refusedOnly = list.filter((s) => !s.lastView && !s.lastCapture && Object.keys(s.refusals24h).length);
    expect(refusedOnly.length).toBeLessThanOrEqual(10);
    expect(list.findIndex((s) => s.origin === site)).toBeLessThan(list.indexOf(refusedOnly[0]!));
    // ALLOWED_ORIGINS' exact origin is listed even before its first page view (the install check's first step).
    expect(list.find((s) => s.origin === 'https://www.example.com')).toMatchObject({ allowed: true });
    // Its landing page has no form: the page view alone tells the install check the snippet is there.
    expect(list.find((s) => s.origin === site)).toMatchObject({ allowed: true, lastView: expect.any(String), lastCapture: null });
    expect(refusedOnly.every((s) => !s.allowed)).toBe(true);
  });
});

const blank = { site: '', page: '', form: '', source: '', utmSource: '', utmMedium: '', utmCampaign: '', country: '', device: '' };
const sitesList = async () => (await api<SitesAnswer>('/admin/api/sites')).body.sites;
async function refusedN(site: string, hour: number): Promise<number> {
  const row = await db
    .prepare(`SELECT coalesce(sum(n), 0) AS n FROM tallies WHERE kind = 'refused' AND site = ?1 AND hour = ?2`)
    .bind(site, hour)
    .first<{ n: number }>();
  return row!.n;
}

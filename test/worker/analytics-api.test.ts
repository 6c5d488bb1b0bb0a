// The admin API over D1: the funnel from the snippet's views to delivered logs, series buckets, breakdowns, health,
// the install check, and a 400 naming the bad parameter.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { countJob, type EventMessage } from '../../worker/analytics/count';
import { storeEvents } from '../../worker/analytics/store';
import { api, formsOf, freshSite, postEvents, today } from './analytics-helpers';
import type { Health } from '../../common/admin-api';
import { capture, post } from './helpers';

const settle = { timeout: 4_000, interval: 100 };

describe('admin analytics API', () => {
  it('ends the funnel at the log: views and starts from the snippet, the submission and its delivery from the capture path', async () => {
    const site = freshSite();
    const url = `${site}/pricing?utm_source=google&utm_campaign=fall`;
    await postEvents(site, [
      url,
      '',
      [
        ['demo', 0],
        ['demo', 1],
      ],
    ]);
    await postEvents(site, [url, '', [['demo', 0]]]);
    expect((await post(capture({ page: { url, title: 'Pricing', referrer: 'https://www.google.com/' } }), { origin: site })).status).toBe(202);
    await expect.poll(async () => (await formsOf(site))[0]?.delivered, settle).toBe(1);
    expect((await formsOf(site))[0]).toMatchObject({
      page: '/pricing',
      form: 'demo',
      views: 2,
      starts: 1,
      submissions: 1,
      delivered: 1,
      startRate: 0.5,
      conversion: 0.5,
    });
    const q = `from=${today()}&to=${today()}&site=${encodeURIComponent(site)}`;
    const health = (await api<Health>(`/admin/api/health?${q}`)).body;
    expect(health).toMatchObject({ delivered: 1, retrying: 0, deadLettered: 0, dropped: {} });
    expect(health.latencyMs.p50).toBeGreaterThan(0);
    const campaigns = (await api<{ rows: { key: string; views: number }[] }>(`/admin/api/breakdown?${q}&by=campaign`)).body;
    expect(campaigns).toEqual({ by: 'campaign', rows: [{ key: 'fall', pageviews: 0, views: 2, starts: 1, submissions: 1, delivered: 1 }] });
    const { sites } = (await api<{ sites: { origin: string; lastView: string | null; lastCapture: string | null }[] }>('/admin/api/sites')).body;
    const mine = sites.find((s) => s.origin === site)!;
    expect(Date.parse(mine.lastView!)).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(mine.lastCapture!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('counts a spam drop by its reason and a refusal against its origin', async () => {
    const site = freshSite();
    // The snippet's bot flag: dropped as 'honeypot', answered 202 as if accepted.
    expect((await post(capture({ bot: true }), { origin: site })).status).toBe(202);
    await expect.poll(async () => (await api<Health>(`/admin/api/health?site=${encodeURIComponent(site)}`)).body.dropped, settle).toEqual({ honeypot: 1 });
    const refused = 'https://refused.example.net';
    expect((await postEvents(refused, [`${refused}/`, '', [['demo', 0]]])).status).toBe(403);
    await expect
      .poll(
        async () =>
          (await api<{ sites: { origin: string; refusals24h: Record<string, number> }[] }>('/admin/api/sites')).body.sites.find((s) => s.origin === refused)
            ?.refusals24h,
        settle,
      )
      .toMatchObject({ origin_not_allowed: expect.any(Number) });
  });

  it('counts a retry per attempt and a dead letter once, however often the consumer reports it', async () => {
    const site = freshSite();
    const dims = { site, page: '/', form: 'f', source: '', utmSource: '', utmMedium: '', utmCampaign: '', country: '', device: '' };
    const job = { v: 1, captureId: crypto.randomUUID(), receivedAt: new Date().toISOString(), dims };
    for (const attempts of [1, 2, 2]) await countJob(env, job, 'retried', attempts);
    await countJob(env, job, 'deadLettered');
    await countJob(env, job, 'deadLettered');
    const health = async () => (await api<Health>(`/admin/api/health?site=${encodeURIComponent(site)}`)).body;
    await expect.poll(async () => (await health()).deadLettered, settle).toBe(1);
    // The retries went on the queue before the dead letters, in one batch or earlier ones: all are counted by now.
    expect(await health()).toMatchObject({ retrying: 2, deadLettered: 1, delivered: 0 });
  });

  it('answers hour and day series with every bucket of the range, counts in theirs', async () => {
    const site = freshSite();
    const t = Date.UTC(2026, 9, 5, 14, 20);
    const m: EventMessage = {
      v: 1,
      t,
      rows: [
        {
          d: { site, page: '/', form: 'f', source: '', utmSource: '', utmMedium: '', utmCampaign: '', country: '', device: '' },
          c: { views: 4, submissions: 1 },
        },
      ],
    };
    await storeEvents(env.DB!, [{ id: crypto.randomUUID(), body: m }]);
    const q = `from=2026-10-05&to=2026-10-06&site=${encodeURIComponent(site)}`;
    const hours = (await api<{ bucket: string; points: { t: string; views: number }[] }>(`/admin/api/series?${q}&bucket=hour`)).body;
    expect(hours.points).toHaveLength(48);
    expect(hours.points[14]).toEqual({ t: '2026-10-05T14:00:00Z', pageviews: 0, views: 4, starts: 0, abandons: 0, submissions: 1, delivered: 0 });
    expect(hours.points.filter((p) => p.views).length).toBe(1);
    const days = await api<{ bucket: string; points: { t: string; views: number }[] }>(`/admin/api/series?${q}&bucket=day`);
    expect(days.headers.get('cache-control')).toBe('no-store');
    expect(days.body.points.map((p) => [p.t, p.views])).toEqual([
      ['2026-10-05T00:00:00Z', 4],
      ['2026-10-06T00:00:00Z', 0],
    ]);
  });

  it.each([
    ['/admin/api/forms?from=2026-02-31&to=2026-03-31', 'from'],
    ['/admin/api/forms?from=2026-11-01&to=28.11.2026', 'to'],
    ['/admin/api/forms?from=2026-11-02&to=2026-11-01', 'from'],
    ['/admin/api/forms?from=2024-01-01&to=2026-01-01', 'from'],
    [`/admin/api/forms?site=${'s'.repeat(201)}`, 'site'],
    ['/admin/api/series?bucket=week', 'bucket'],
    ['/admin/api/series?bucket=hour&from=2026-01-01&to=2026-03-01', 'bucket'],
    ['/admin/api/breakdown?by=browser', 'by'],
  ])('answers 400 invalid_body for %s, naming %s', async (path, param) => {
    const res = await api<{ error: { code: string; issues: { path: string }[] } }>(path);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_body');
    expect(res.body.error.issues[0]!.path).toBe(param);
  });

  it('answers 401 without the admin token', async () => {
    expect((await api('/admin/api/forms', 'wrong')).status).toBe(401);
  });
});

// The snippet's v2 events (page views, returns, completions) through the real local queue into D1, read back through
// GET /admin/api/pages, /fields, /realtime, /series and /breakdown with exact counts; today's bodies still counted.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { BreakdownAnswer, FieldsAnswer, PagesAnswer, RealtimeAnswer, SeriesAnswer } from '../../common/admin-api';
import { api, formsOf, freshSite, postEvents, today } from './analytics-helpers';

const settle = { timeout: 6_000, interval: 100 };
const q = (site: string, extra = '') => `from=${today()}&to=${today()}&site=${encodeURIComponent(site)}${extra}`;
const pagesOf = async (site: string, extra = '') => (await api<PagesAnswer>(`/admin/api/pages?${q(site, extra)}`)).body.rows;
const fieldsOf = async (site: string, extra = '') => (await api<FieldsAnswer>(`/admin/api/fields?${q(site, extra)}`)).body;

/** Two visitors on /pricing (one submits after 12 s, one leaves from the phone field after coming back to e-mail),
 * one on / without a form, one on /about with a referrer. */
async function visits(site: string) {
  const pricing = `${site}/pricing?utm_source=news&utm_campaign=fall`;
  const posts = [
    [
      pricing,
      '',
      [
        ['', 3],
        ['demo', 0],
        ['demo', 1, 'email'],
        ['demo', 5, undefined, 12_000],
      ],
    ],
    [
      pricing,
      '',
      [
        ['', 3],
        ['demo', 0],
        ['demo', 1, 'email'],
        ['demo', 4, 'email'],
        ['demo', 2, 'phone'],
      ],
    ],
    [`${site}/`, '', [['', 3]]],
    [`${site}/about`, 'https://www.google.com/search?q=x', [['', 3]]],
  ];
  for (const body of posts) expect((await postEvents(site, body)).status).toBe(204);
}

describe('page views and the funnel per page', () => {
  it('counts each kind on its page and answers the per-page funnel with conversion = submissions ÷ page views', async () => {
    const site = freshSite();
    await visits(site);
    await expect.poll(async () => (await pagesOf(site)).length, settle).toBe(3);
    await expect.poll(async () => (await pagesOf(site)).find((r) => r.page === '/pricing')?.starts, settle).toBe(2);
    expect(await pagesOf(site)).toEqual([
      { site, page: '/pricing', pageviews: 2, formViews: 2, starts: 2, submissions: 0, delivered: 0, conversion: 0 },
      { site, page: '/', pageviews: 1, formViews: 0, starts: 0, submissions: 0, delivered: 0, conversion: 0 },
      { site, page: '/about', pageviews: 1, formViews: 0, starts: 0, submissions: 0, delivered: 0, conversion: 0 },
    ]);
    // The forms table keeps form views as its base: a page view is no form.
    expect(await formsOf(site)).toMatchObject([{ page: '/pricing', form: 'demo', views: 2, starts: 2, abandons: 1, topAbandonField: 'phone' }]);
    // Filters narrow the pages: a campaign, and a form (its page with that page's page views).
    expect((await pagesOf(site, '&campaign=fall')).map((r) => [r.page, r.pageviews])).toEqual([['/pricing', 2]]);
    expect((await pagesOf(site, '&form=demo')).map((r) => [r.page, r.pageviews, r.formViews])).toEqual([['/pricing', 2, 2]]);
    const sources = (await api<BreakdownAnswer>(`/admin/api/breakdown?${q(site)}&by=source`)).body.rows;
    expect(sources.map((r) => [r.key, r.pageviews])).toEqual([
      ['', 3],
      ['google.com', 1],
    ]);
    const tags = async (by: string) => (await api<BreakdownAnswer>(`/admin/api/breakdown?${q(site)}&by=${by}`)).body.rows.map((r) => [r.key, r.pageviews]);
    expect(await tags('utm_source')).toEqual([
      ['news', 2],
      ['', 2],
    ]);
    expect(await tags('utm_medium')).toEqual([['', 4]]);
    const day = (await api<SeriesAnswer>(`/admin/api/series?${q(site)}&bucket=day`)).body.points[0];
    expect(day).toMatchObject({ pageviews: 4, views: 2, starts: 2, abandons: 1, submissions: 0 });
  });

  it('answers abandons and returns by every field, and the time to complete in fixed bins', async () => {
    const site = freshSite();
    await visits(site);
    const more = [
      ['demo', 2, 'company'],
      ['demo', 2, 'phone'],
      ['demo', 4, 'phone'],
      ['demo', 5, undefined, 4_000],
      ['demo', 5, undefined, 700_000],
    ];
    expect((await postEvents(site, [`${site}/pricing`, '', more])).status).toBe(204);
    await expect.poll(async () => (await fieldsOf(site, '&form=demo')).rows.length, settle).toBe(3);
    const answer = await fieldsOf(site, '&form=demo');
    expect(answer.rows).toEqual([
      { field: 'phone', abandons: 2, returns: 1 },
      { field: 'company', abandons: 1, returns: 0 },
      { field: 'email', abandons: 0, returns: 1 },
    ]);
    const n = Object.fromEntries(answer.completionMs.bins.map((b) => [b.le, b.n]));
    expect(n).toMatchObject({ 5000: 1, 20000: 1, 1800000: 1 });
    expect(answer.completionMs.bins.reduce((a, b) => a + b.n, 0)).toBe(3);
    expect(answer.completionMs).toMatchObject({ p50: 20_000, p90: 1_800_000 });
    // The campaign filter narrows fields too: the campaign visitors' events only.
    expect((await fieldsOf(site, '&form=demo&campaign=fall')).rows).toEqual([
      { field: 'phone', abandons: 1, returns: 0 },
      { field: 'email', abandons: 0, returns: 1 },
    ]);
    expect((await fieldsOf(site, '&form=other')).completionMs).toMatchObject({ p50: null, p90: null });
  });

  it('answers page views and starts of the last 30 minutes, per minute', async () => {
    const site = freshSite();
    await visits(site);
    const rt = async (extra = '') => (await api<RealtimeAnswer>(`/admin/api/realtime?site=${encodeURIComponent(site)}${extra}`)).body;
    await expect.poll(async () => (await rt()).pageviews, settle).toBe(4);
    await expect.poll(async () => (await rt()).starts, settle).toBe(2);
    const answer = await rt();
    expect(answer.minutes).toBe(30);
    expect(answer.points).toHaveLength(30);
    expect(Date.parse(answer.points.at(-1)!.t)).toBeGreaterThan(Date.now() - 120_000);
    expect(answer.points.reduce((a, p) => a + p.pageviews, 0)).toBe(4);
    expect(await rt('&page=%2Fpricing')).toMatchObject({ pageviews: 2, starts: 2 });
    // A form filter keeps that form's starts and the page views of the pages that show it.
    expect(await rt('&form=demo')).toMatchObject({ pageviews: 2, starts: 2 });
    expect(await rt('&form=none')).toMatchObject({ pageviews: 0, starts: 0 });
  });

  it('totals the 30 minutes before the window as the previous period, and nothing older', async () => {
    const site = freshSite();
    // Not across a minute's turn: the worker's window must be the one the rows were placed in.
    const into = Date.now() % 60_000;
    if (into > 55_000) await new Promise((r) => setTimeout(r, 60_100 - into));
    const last = Math.floor(Date.now() / 60_000);
    const put = (minute: number, pageviews: number, starts: number) =>
      env
        .DB!.prepare("INSERT INTO realtime (minute, site, page, form, source, utm_campaign, pageviews, starts) VALUES (?1, ?2, '/x', '', '', '', ?3, ?4)")
        .bind(minute, site, pageviews, starts)
        .run();
    await put(last - 29, 3, 0); // the oldest minute of the window
    await put(last - 30, 5, 1); // the newest of the 30 before
    await put(last - 59, 7, 2); // the oldest of the 30 before
    await put(last - 60, 100, 100); // older: in neither
    const answer = (await api<RealtimeAnswer>(`/admin/api/realtime?site=${encodeURIComponent(site)}`)).body;
    expect(answer).toMatchObject({ pageviews: 3, starts: 0, previous: { pageviews: 12, starts: 3 } });
    expect(answer.points).toHaveLength(30);
    expect(answer.points[0]).toMatchObject({ pageviews: 3, starts: 0 });
  });

  it("still counts today's bodies (kinds 0 to 2) from snippets cached in browsers", async () => {
    const site = freshSite();
    expect(
      (
        await postEvents(site, [
          `${site}/x`,
          '',
          [
            ['demo', 0],
            ['demo', 1],
            ['demo', 2, 'email'],
          ],
        ])
      ).status,
    ).toBe(204);
    await expect.poll(async () => (await formsOf(site))[0], settle).toMatchObject({ views: 1, starts: 1, abandons: 1, topAbandonField: 'email' });
    expect(await pagesOf(site)).toEqual([{ site, page: '/x', pageviews: 0, formViews: 1, starts: 1, submissions: 0, delivered: 0, conversion: null }]);
  });

  it('stores a path with an e-mail address as :redacted, and keys without control or bidi characters', async () => {
    const site = freshSite();
    const body = [
      `${site}/u/ada%40example.com/profile?email=ada@example.com`,
      '',
      [
        ['', 3],
        ['de\u202Emo\n', 0],
        ['de\u202Emo\n', 2, 'e\u0000mail'],
      ],
    ];
    expect((await postEvents(site, body)).status).toBe(204);
    await expect.poll(async () => (await formsOf(site))[0], settle).toMatchObject({ page: '/u/:redacted/profile', form: 'demo', topAbandonField: 'email' });
    const stored = await env.DB!.prepare('SELECT page, form FROM counters_hourly WHERE site = ?1 ORDER BY form').bind(site).all();
    expect(stored.results).toEqual([
      { page: '/u/:redacted/profile', form: '' },
      { page: '/u/:redacted/profile', form: 'demo' },
    ]);
    expect(JSON.stringify(await env.DB!.prepare('SELECT * FROM field_tallies WHERE site = ?1').bind(site).all())).not.toContain('example.com');
  });
});

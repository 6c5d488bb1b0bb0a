// POST /v1/events: what it refuses (one case per rule, 400 naming the path) and what it counts, through the real
// local queue into D1, read back through the admin API.
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { EVENTS_MAX, EVENTS_MAX_BYTES, eventsRoute } from '../../worker/analytics/events';
import { SNIPPET, SNIPPET_NA, SNIPPET_NA_DEBUG } from '../../worker/generated/snippet';
import { serveSnippet } from '../../worker/site/snippet';
import { formsOf, freshSite, postEvents } from './analytics-helpers';

const settle = { timeout: 4_000, interval: 100 };
const page = (site: string) => `${site}/pricing?utm_source=news&utm_campaign=fall&email=ada@example.com`;

describe('POST /v1/events', () => {
  it('counts views, one start and an abandon naming the last field, per form, into D1', async () => {
    const site = freshSite();
    const res = await postEvents(site, [
      page(site),
      'https://www.google.com/search',
      [
        ['demo', 0],
        ['news', 0],
        ['demo', 1],
        ['demo', 2, 'work_email'],
      ],
    ]);
    expect(res.status).toBe(204);
    await expect.poll(async () => (await formsOf(site)).length, settle).toBe(2);
    const rows = await formsOf(site);
    expect(rows.find((r) => r.form === 'demo')).toMatchObject({
      page: '/pricing',
      views: 1,
      starts: 1,
      abandons: 1,
      topAbandonField: 'work_email',
      startRate: 1,
      abandonRate: 1,
    });
    expect(rows.find((r) => r.form === 'news')).toMatchObject({ views: 1, starts: 0, startRate: 0, abandonRate: null });
  });

  it('refuses a site outside ALLOWED_ORIGINS (403) and a GET (405)', async () => {
    const refused = await postEvents('https://evil.example.net', ['https://evil.example.net/', '', [['demo', 0]]]);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
    expect((await postEvents(freshSite(), null, { method: 'GET' })).status).toBe(405);
  });

  it('refuses another media type (415) and a body over the limit (413)', async () => {
    const site = freshSite();
    expect((await postEvents(site, [page(site), '', [['demo', 0]]], { contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await postEvents(site, 'x'.repeat(EVENTS_MAX_BYTES + 1), { raw: true })).status).toBe(413);
  });

  const u = 'https://www.example.org/';
  const one = [['demo', 0]];
  it.each([
    ['text that is not JSON', '["', ''],
    ['an object, not [page URL, referrer, events]', { u, e: one }, ''],
    ['a page URL that is not absolute', ['/pricing', '', one], '0'],
    ['a page URL over 2,048 characters', [`${u}${'a'.repeat(2048)}`, '', one], '0'],
    ['no referrer (it is "" when there is none)', [u, null, one], '1'],
    ['a referrer over 2,048 characters', [u, 'r'.repeat(2049), one], '1'],
    ['events that are not a list', [u, '', { demo: 0 }], '2'],
    ['no events', [u, '', []], '2'],
    [`more than ${EVENTS_MAX} events`, [u, '', Array.from({ length: EVENTS_MAX + 1 }, () => ['demo', 0])], '2'],
    ['a form key over 200 characters', [u, '', [['f'.repeat(201), 0]]], '2.0.0'],
    ['a kind other than 0 to 5', [u, '', [['demo', 6]]], '2.0.1'],
    ['an empty form key on a form view', [u, '', [['', 0]]], '2.0.0'],
    ['a completion time that is not whole milliseconds', [u, '', [['demo', 5, 'email', 1.5]]], '2.0.3'],
    ['a completion time over 24 h', [u, '', [['demo', 5, 'email', 86_400_001]]], '2.0.3'],
    ['a field key over 200 characters', [u, '', [['demo', 2, 'x'.repeat(201)]]], '2.0.2'],
  ])('answers 400 for %s, naming the path', async (_name, body, path) => {
    const res = await postEvents(freshSite(), body, { raw: typeof body === 'string' });
    expect(res.status).toBe(400);
    const out = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(out.error.code).toBe('invalid_body');
    expect(out.error.issues[0]!.path).toBe(path);
  });

  it('counts nothing from a refused body: only the valid post after it', async () => {
    const site = freshSite();
    expect(
      (
        await postEvents(site, [
          page(site),
          '',
          [
            ['demo', 0],
            ['demo', 9],
          ],
        ])
      ).status,
    ).toBe(400);
    expect((await postEvents(site, [page(site), '', [['demo', 0]]])).status).toBe(204);
    await expect.poll(async () => (await formsOf(site))[0]?.views, settle).toBe(1);
  });
});

describe('ANALYTICS="off"', () => {
  it('serves the snippet builds without analytics, with their own ETag', async () => {
    const get = (debug: boolean, off: boolean) => serveSnippet(new Request('https://beacon.example.net/s.js'), debug, '', off);
    // The worker writes its own base URL into each build (worker/site/snippet.ts).
    const served = (build: string) => build.replaceAll('@PB@', 'https://beacon.example.net/');
    const off = get(false, true);
    expect(await off.text()).toBe(served(SNIPPET_NA));
    expect(await get(true, true).text()).toBe(served(SNIPPET_NA_DEBUG));
    expect(await get(false, false).text()).toBe(served(SNIPPET));
    expect(off.headers.get('etag')).not.toBe(get(false, false).headers.get('etag'));
  });
});

describe('the events rate limit', () => {
  const call = (over: Partial<typeof env>, ip: string, origin = 'https://www.example.org') =>
    eventsRoute(
      new Request('https://beacon.example.net/v1/events', {
        method: 'POST',
        headers: { origin, 'content-type': 'text/plain', 'cf-connecting-ip': ip },
        body: JSON.stringify([`${origin}/`, '', [['demo', 0]]]),
      }),
      { ...env, ...over },
      createExecutionContext(),
    );
  const tight = (env as unknown as { TIGHT_LIMITER: RateLimit }).TIGHT_LIMITER;
  const refusing = { limit: async () => ({ success: false }) } as RateLimit;

  it('answers 429 past its own per-IP limit, before the origin check (refusals cannot flood the queue)', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call({ EVENTS_RATE_LIMITER: tight }, ip)).status);
    expect(statuses).toEqual([204, 204, 204, 429]);
    expect((await call({ EVENTS_RATE_LIMITER: refusing }, ip, 'https://evil.example.net')).status).toBe(429);
  });

  it('never uses the capture rate limits', async () => {
    expect((await call({ IP_RATE_LIMITER: refusing, ORIGIN_RATE_LIMITER: refusing }, '198.51.100.7')).status).toBe(204);
  });
});

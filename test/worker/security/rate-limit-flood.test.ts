// A flood from one client forging a site's Origin must not lock that site's visitors out, and a missing limiter
// binding must not silently turn the limits off.
import { env } from 'cloudflare:workers';
import { nanoid } from 'nanoid';
import { describe, expect, it, vi } from 'vitest';
import { capture } from '../helpers';
import { call, submission } from './call';

// wrangler.toml's real limits (20 per IP, 600 per site a minute), bound under other names in vitest.config.ts.
const real = env as unknown as { REAL_IP_LIMITER: RateLimit; REAL_ORIGIN_LIMITER: RateLimit };

/** The local limiter's windows are wall-clock minutes (as Cloudflare's are fixed periods): the window a time is in. */
const window = () => Math.floor(Date.now() / 60_000);
const label = () =>
  nanoid(8)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');

/** 1,000 requests from one fresh IP with a fresh site's Origin; counts the refusals and how often the site's own
 * budget was spent. `oneWindow` is false when the run crossed a window boundary (two budgets, so no exact count):
 * the time read before the first request is no later, and the one read after the last no earlier, than any the
 * limiter used. */
async function flood() {
  const site = `https://flood-${label()}.example.org`;
  const ip = `2001:db8::${Math.floor(Math.random() * 0xffff).toString(16)}`;
  let siteChecks = 0;
  const origin = {
    limit: (o: RateLimitOptions) => {
      siteChecks++;
      return real.REAL_ORIGIN_LIMITER.limit(o);
    },
  };
  const limits = { IP_RATE_LIMITER: real.REAL_IP_LIMITER, ORIGIN_RATE_LIMITER: origin };
  const first = window();
  let refused = 0;
  for (let i = 0; i < 1000; i++) {
    const { res } = await call(submission(capture(), { origin: site, 'cf-connecting-ip': ip }), limits);
    if (res.status === 429) refused++;
  }
  return { site, limits, refused, siteChecks, oneWindow: window() === first };
}

describe('rate limits under a flood', () => {
  it('1,000 requests from one IP with a site origin, then a visitor from another IP of that site gets 202', async () => {
    let run = await flood();
    // A run takes seconds: one that crossed a minute boundary is run again, then well inside the new minute.
    if (!run.oneWindow) run = await flood();
    expect(run.oneWindow).toBe(true);
    expect(run.refused).toBe(980); // the flooder's own 20 passed, the rest was refused by its IP limit
    expect(run.siteChecks).toBe(20); // a request refused for its IP never spent the site's budget
    const visitor = capture();
    const { res, sent } = await call(submission(visitor, { origin: run.site, 'cf-connecting-ip': '203.0.113.10' }), run.limits);
    expect(res.status).toBe(202);
    expect(sent.map((j) => j.captureId)).toEqual([visitor.id]);
  });

  it('answers 503 misconfigured, with a log line, when a limiter binding is missing and RATE_LIMITS is on', async () => {
    const log = vi.spyOn(console, 'log');
    const { res, sent } = await call(submission(capture(), { origin: 'https://www.example.com' }), { IP_RATE_LIMITER: undefined, RATE_LIMITS: 'on' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('misconfigured');
    expect(sent).toHaveLength(0);
    expect(log.mock.calls.flat().join('\n')).toContain('"setting":"RATE_LIMITS"');
    log.mockRestore();
  });
});

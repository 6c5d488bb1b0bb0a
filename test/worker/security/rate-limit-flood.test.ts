// One client flooding with a site's (forged) Origin must not lock that site's visitors out, and a
// missing limiter binding must not silently turn the limits off.
import { env } from 'cloudflare:workers';
import { nanoid } from 'nanoid';
import { describe, expect, it, vi } from 'vitest';
import { capture } from '../helpers';
import { call, submission } from './call';

// wrangler.toml's real limits (20 per IP, 600 per site a minute), bound under other names in vitest.config.ts.
const real = env as unknown as { REAL_IP_LIMITER: RateLimit; REAL_ORIGIN_LIMITER: RateLimit };

describe('rate limits under a flood', () => {
  it('1,000 requests from one IP with a site origin, then a visitor from another IP of that site gets 202', async () => {
    const site = `https://flood-${nanoid(8)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}.example.org`; // a fresh site: its own budget
    const limits = { IP_RATE_LIMITER: real.REAL_IP_LIMITER, ORIGIN_RATE_LIMITER: real.REAL_ORIGIN_LIMITER };
    let refused = 0;
    for (let i = 0; i < 1000; i++) {
      const { res } = await call(submission(capture(), { origin: site, 'cf-connecting-ip': '198.51.100.66' }), limits);
      if (res.status === 429) refused++;
    }
    expect(refused).toBe(980); // the flooder's own 20 passed, the rest was refused by its IP limit
    const visitor = capture();
    const { res, sent } = await call(submission(visitor, { origin: site, 'cf-connecting-ip': '203.0.113.10' }), limits);
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

// Edge protection: the origin allow-list, rate limits, spam signals, body hygiene, and the no-JS
// form endpoint with its redirect rules. Each rule has a request that passes and one that is refused.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { SITE, capture } from './helpers';
import { call } from './security/call';

const json = (body: unknown, headers: Record<string, string> = { origin: SITE }) =>
  new Request('https://beacon.example.net/v1/submissions', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const code = async (res: Response) => ((await res.clone().json()) as { error: { code: string } }).error.code;

async function stats() {
  const res = await exports.default.fetch('https://beacon.example.net/admin/stats', {
    headers: { authorization: 'Bearer test-admin-token-0123456789abcdefgh' },
  });
  return (await res.json()) as { accepted: number; byState: Record<string, number>; dropped: Record<string, number>; refused: Record<string, number> };
}

describe('origin allow-list', () => {
  it.each([
    ['an exact allowed Origin', { origin: 'https://www.example.com' }, 202],
    ['a wildcard-allowed Origin', { origin: 'https://shop.example.org' }, 202],
    ['no Origin but an allowed Referer', { referer: 'https://www.example.com/pricing?x=1' }, 202],
    ['another site', { origin: 'https://evil.example.net' }, 403],
    ['a look-alike', { origin: 'https://www.example.com.evil.net' }, 403],
    ['Origin: null (sandboxed iframe, file:)', { origin: 'null' }, 403],
    ['neither Origin nor Referer', {}, 403],
  ])('%s → %i', async (_t, headers, status) => {
    const { res, sent } = await call(json(capture(), headers));
    expect(res.status).toBe(status);
    if (status === 403) {
      expect(await code(res)).toBe('origin_not_allowed');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(sent).toHaveLength(0);
    } else expect(sent).toHaveLength(1);
  });

  it('warns once when ALLOWED_ORIGINS is * outside local development, and not on localhost', async () => {
    const log = vi.spyOn(console, 'log');
    await call(new Request('http://127.0.0.1:8787/healthz'), { ALLOWED_ORIGINS: '*' });
    expect(log.mock.calls.flat().join('\n')).not.toContain('config.wildcard_origin');
    await call(new Request('https://beacon.example.net/healthz'), { ALLOWED_ORIGINS: '*' });
    expect(log.mock.calls.flat().join('\n')).toContain('config.wildcard_origin');
    await call(new Request('https://beacon.example.net/healthz'), { ALLOWED_ORIGINS: '*' });
    // Once per isolate, not once per request: a busy worker would otherwise fill the logs with it.
    expect(log.mock.calls.flat().join('\n').split('config.wildcard_origin')).toHaveLength(2);
    log.mockRestore();
  });

  it('uses SOURCE_BY_ORIGIN for the default source of a site', async () => {
    const c = capture({ source: undefined });
    const { sent } = await call(json(c, { origin: 'https://shop.example.org' }), { SOURCE_BY_ORIGIN: '{"https://shop.example.org":"shop-checkout"}' });
    expect(sent[0]!.request.source).toBe('shop-checkout');
  });
});

describe('rate limits', () => {
  it('the local Rate Limiting binding really counts (3 per minute here)', async () => {
    const limiter = (env as unknown as { TIGHT_LIMITER: RateLimit }).TIGHT_LIMITER;
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await limiter.limit({ key: 'one-key' })).success);
    expect(results).toEqual([true, true, true, false]);
  });

  it('keys by visitor IP and by origin, and answers 429 rate_limited with Retry-After over either', async () => {
    const keys: string[] = [];
    const limiter = (allow: (key: string) => boolean): RateLimit => ({
      limit: async ({ key }) => {
        keys.push(key);
        return { success: allow(key) };
      },
    });
    const ok = await call(json(capture(), { origin: SITE, 'cf-connecting-ip': '203.0.113.7' }), {
      IP_RATE_LIMITER: limiter(() => true),
      ORIGIN_RATE_LIMITER: limiter(() => true),
    });
    expect(ok.res.status).toBe(202);
    expect(keys).toEqual(['ip:203.0.113.7', `origin:${SITE}`]);
    const overIp = await call(json(capture(), { origin: SITE, 'cf-connecting-ip': '203.0.113.7' }), {
      IP_RATE_LIMITER: limiter(() => false),
      ORIGIN_RATE_LIMITER: limiter(() => true),
    });
    expect(overIp.res.status).toBe(429);
    expect(await code(overIp.res)).toBe('rate_limited');
    expect(overIp.res.headers.get('retry-after')).toBe('60');
    expect(overIp.sent).toHaveLength(0);
    const overSite = await call(json(capture()), { IP_RATE_LIMITER: limiter(() => true), ORIGIN_RATE_LIMITER: limiter(() => false) });
    expect(overSite.res.status).toBe(429);
  });

  it('RATE_LIMITS="off" (load tests) lets everything through', async () => {
    const never: RateLimit = { limit: async () => ({ success: false }) };
    const { res } = await call(json(capture()), { IP_RATE_LIMITER: never, ORIGIN_RATE_LIMITER: never, RATE_LIMITS: 'off' });
    expect(res.status).toBe(202);
  });
});

describe('spam signals', () => {
  it.each([
    [
      'a filled _gotcha field',
      {
        fields: [
          { name: 'email', value: 'a@example.com' },
          { name: '_gotcha', value: 'http://spam' },
        ],
      },
      'honeypot',
    ],
    [
      'a filled Mailchimp b_ field',
      {
        fields: [
          { name: 'email', value: 'a@example.com' },
          { name: 'b_1a2b_3c4d', value: 'x' },
        ],
      },
      'honeypot',
    ],
    ["the snippet's bot flag", { bot: true }, 'honeypot'],
    ['a submit 200 ms after page load', { elapsed: 200 }, 'too_fast'],
  ])('drops %s: answers 202, enqueues nothing, counts the reason', async (_t, patch, reason) => {
    const before = (await stats()).dropped[reason] ?? 0;
    const c = capture(patch as never);
    const { res, sent } = await call(json(c));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: c.id });
    expect(sent).toHaveLength(0);
    await expect.poll(async () => (await stats()).dropped[reason] ?? 0).toBe(before + 1);
  });

  it('keeps a submit made 5 s after page load, and an empty honeypot', async () => {
    const { res, sent } = await call(
      json(
        capture({
          elapsed: 5000,
          fields: [
            { name: 'email', value: 'a@example.com' },
            { name: '_gotcha', value: '' },
          ],
        }),
      ),
    );
    expect(res.status).toBe(202);
    expect(sent).toHaveLength(1);
  });

  describe("Turnstile, when TURNSTILE_SECRET is set (siteverify answered by the stand-in, as Cloudflare's test secrets do)", () => {
    /** A capture carrying the token as the snippet sends it: the form's own cf-turnstile-response field. */
    const withToken = (token?: string) => {
      const c = capture();
      if (token !== undefined) c.fields.push({ name: 'cf-turnstile-response', value: token });
      return c;
    };

    it.each([
      ['the always-pass test secret', '1x0000000000000000000000000000000AA', 'token', 1],
      ['the always-fail test secret', '2x0000000000000000000000000000000AA', 'token', 0],
      ['a spent token', '3x0000000000000000000000000000000AA', 'token', 0],
      ['no token at all', '1x0000000000000000000000000000000AA', undefined, 0],
    ])('%s → enqueued %i, the token never delivered', async (_t, secret, token, enqueued) => {
      const { res, sent } = await call(json(withToken(token)), { TURNSTILE_SECRET: secret });
      expect(res.status).toBe(202);
      expect(sent).toHaveLength(enqueued);
      for (const job of sent) expect(JSON.stringify(job)).not.toContain('cf-turnstile-response');
    });

    it('checks the Turnstile token of a form posted without JavaScript, and keeps it out of the log', async () => {
      const body = new URLSearchParams({ email: 'ada@example.com', 'cf-turnstile-response': 'token' }).toString();
      const req = (secret: string) =>
        call(
          new Request('https://beacon.example.net/v1/form', {
            method: 'POST',
            headers: { origin: SITE, referer: `${SITE}/contact`, 'content-type': 'application/x-www-form-urlencoded' },
            body,
          }),
          { TURNSTILE_SECRET: secret },
        );
      const pass = await req('1x0000000000000000000000000000000AA');
      expect(pass.sent).toHaveLength(1);
      expect(pass.sent[0]!.request.payload.fields).toEqual({ email: 'ada@example.com' });
      expect((await req('2x0000000000000000000000000000000AA')).sent).toHaveLength(0);
    });

    it('keeps the capture when siteverify cannot be reached: a lead is not lost to an outage', async () => {
      // The worker runs in this isolate: its siteverify call meets a network error here, every other fetch goes on.
      const realFetch = globalThis.fetch;
      const fetchSpy = vi
        .spyOn(globalThis, 'fetch')
        .mockImplementation((input, init) =>
          String(input instanceof Request ? input.url : input).includes('/turnstile/') ? Promise.reject(new TypeError('network down')) : realFetch(input, init),
        );
      const { sent } = await call(json(withToken('token')), { TURNSTILE_SECRET: '2x0000000000000000000000000000000AA' });
      const siteverifyCalls = fetchSpy.mock.calls.filter(([input]) => String(input).includes('/turnstile/')).length;
      fetchSpy.mockRestore();
      expect(siteverifyCalls).toBe(1);
      expect(sent).toHaveLength(1);
    });
  });
});

describe('body and header hygiene', () => {
  it('answers an unexpected failure with 503 and Retry-After (the snippet keeps the capture), logged as an error', async () => {
    const log = vi.spyOn(console, 'log');
    // A missing KV binding makes the route throw: a bug or a broken deploy, not a bad request. (A bad var answers
    // `misconfigured` before any route runs: test/worker/config.test.ts.)
    const req = new Request('https://beacon.example.net/admin/dead-letters', { headers: { authorization: 'Bearer test-admin-token-0123456789abcdefgh' } });
    const { res } = await call(req, { DEAD_LETTERS: undefined });
    const line = log.mock.calls
      .flat()
      .map(String)
      .find((l) => l.includes('request.crashed'));
    log.mockRestore();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await code(res)).toBe('queue_unavailable');
    expect(JSON.parse(line!)).toMatchObject({ level: 'error', event: 'request.crashed' });
  });

  it('refuses JSON nested deeper than 8 levels with 400', async () => {
    const deep = '['.repeat(20) + ']'.repeat(20);
    const { res } = await call(json(`{"v":1,"x":${deep}}`));
    expect(res.status).toBe(400);
    expect(await code(res)).toBe('invalid_body');
  });

  it('keeps a field called __proto__ or constructor as a plain key', async () => {
    const c = capture();
    c.fields.push({ name: '__proto__', value: 'p' }, { name: 'constructor', value: 'c' });
    const { res, sent } = await call(json(c));
    expect(res.status).toBe(202);
    const fields = sent[0]!.request.payload.fields as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(fields)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(JSON.stringify(fields)).toContain('"__proto__":"p"');
  });

  it('strips control characters and replaces lone surrogates', async () => {
    const c = capture();
    c.fields[3]!.value = 'Acme\u0000\u0007 Ltd \ud800';
    const { sent } = await call(json(c));
    expect((sent[0]!.request.payload.fields as Record<string, string>).company).toBe('Acme Ltd \ufffd');
  });

  it('sends nosniff on JSON answers and a CSP on HTML pages', async () => {
    const { res } = await call(json(capture()));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await call(
      new Request('https://beacon.example.net/v1/form', {
        method: 'POST',
        headers: { origin: SITE, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=a%40example.com',
      }),
    );
    expect(page.res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.res.headers.get('server')).toBeNull();
  });
});

describe('POST /v1/form (no JavaScript)', () => {
  const form = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request('https://beacon.example.net/v1/form', { method: 'POST', headers: { origin: SITE, referer: `${SITE}/contact`, ...headers }, body });
  const urlencoded = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    form(new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });

  it('accepts a urlencoded form, makes the capture id itself, and 303s to _next on an allowed origin', async () => {
    const { res, sent } = await call(urlencoded({ name: 'Ada Lovelace', email: 'ada@example.com', _next: `${SITE}/thanks` }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${SITE}/thanks`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.captureId).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(sent[0]!.request).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });
    expect(sent[0]!.request.payload.fields).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(sent[0]!.request.payload.page).toEqual({ url: `${SITE}/contact` });
  });

  it('accepts multipart, ignores files, and drops passwords, card data and Luhn-valid numbers server-side', async () => {
    const data = new FormData();
    data.set('email', 'ada@example.com');
    data.set('password', 'hunter2');
    data.set('card_number', '4111 1111 1111 1111');
    data.set('cvc', '737');
    data.set('ssn', '078-05-1120');
    data.set('notes', '5555555555554444');
    data.set('cv', new File(['%PDF-1.4 binary \u0000\u00ff'], 'cv.pdf', { type: 'application/pdf' }));
    const { res, sent } = await call(form(data));
    expect(res.status).toBe(303);
    expect(sent[0]!.request.payload.fields).toEqual({ email: 'ada@example.com' });
  });

  it('answers a filled honeypot like a success but enqueues nothing', async () => {
    const { res, sent } = await call(urlencoded({ email: 'bot@example.com', _gotcha: 'x', _next: `${SITE}/thanks` }));
    expect(res.status).toBe(303);
    expect(sent).toHaveLength(0);
  });

  it('explains a form without e-mail or phone with a 422 page', async () => {
    const { res } = await call(urlencoded({ message: 'hello' }));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('e-mail address or a phone number');
  });

  it('refuses a form from a site not in ALLOWED_ORIGINS with a 403 page', async () => {
    const { res, sent } = await call(urlencoded({ email: 'a@example.com' }, { origin: 'https://evil.example.net', referer: 'https://evil.example.net/' }));
    expect(res.status).toBe(403);
    expect(sent).toHaveLength(0);
  });

  it.each([
    ['a scheme-relative URL', '//evil.example.net/x'],
    ['a look-alike host', 'https://www.example.com.evil.example.net/'],
    ['javascript:', 'javascript:alert(1)'],
    ['back-slashes', 'https:\\\\evil.example.net'],
    ['an encoded URL', 'https%3A%2F%2Fevil.example.net'],
    ['credentials before the host', 'https://www.example.com@evil.example.net/'],
    ['a relative path', '/thanks'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
  ])('never redirects to %s: falls back to the allowed Referer', async (_t, next) => {
    const { res } = await call(urlencoded({ email: 'a@example.com', _next: next }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${SITE}/contact`);
  });

  it('shows its own thank-you page when neither _next nor the Referer is allowed', async () => {
    const { res } = await call(urlencoded({ email: 'a@example.com', _next: '//evil.example.net' }, { referer: 'https://evil.example.net/' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Thank you');
  });

  it('answers 415 for a JSON body', async () => {
    const { res } = await call(form('{}', { 'content-type': 'application/json' }));
    expect(res.status).toBe(415);
  });
});

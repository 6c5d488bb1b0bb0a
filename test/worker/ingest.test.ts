// POST /v1/submissions and the other HTTP routes: one case per rule of the ingest contract.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { ProspectLogRequestSchema } from '../../worker/delivery/architect';
import type { Env } from '../../worker/env';
import type { DeliveryJob } from '../../worker/delivery/job';
import { checkBody } from '../../stub/contract';
import { BANNERS, FLOWS, VERSION, WORDS } from '../../worker/generated/snippet';
import { SITE, capture, post } from './helpers';

/** The worker with a recording queue in place of the real binding, to see exactly what is enqueued. */
async function withRecordingQueue(req: Request, overrides: Partial<Env> = {}, send?: () => Promise<void>) {
  const sent: DeliveryJob[] = [];
  const queue = {
    send: async (job: DeliveryJob) => {
      await send?.();
      sent.push(job);
    },
    sendBatch: async () => {},
  } as unknown as Queue<DeliveryJob>;
  const ctx = createExecutionContext();
  const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, CAPTURE_QUEUE: queue, ...overrides } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return { res, sent };
}

const submission = (body: unknown, headers: Record<string, string> = {}) =>
  new Request('https://beacon.example.net/v1/submissions', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: SITE, ...headers },
    body: JSON.stringify(body),
  });

describe('POST /v1/submissions', () => {
  it.each(['text/plain;charset=UTF-8', 'application/json'])('accepts a capture sent as %s with 202 and its id', async (contentType) => {
    const c = capture();
    const { res, sent } = await withRecordingQueue(submission(c, { 'content-type': contentType }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: c.id });
    // The 202 is a promise: the capture is on the queue.
    expect(sent.map((j) => [j.captureId, j.request.email])).toEqual([[c.id, 'ada@example.com']]);
  });

  it('enqueues a body that passes the contract mirror, with identity, payload and idempotency key', async () => {
    const c = capture();
    const { res, sent } = await withRecordingQueue(submission(c, { 'user-agent': 'Mozilla/5.0 test' }));
    expect(res.status).toBe(202);
    expect(sent).toHaveLength(1);
    const { request } = sent[0]!;
    expect(v.is(ProspectLogRequestSchema, request)).toBe(true);
    // The stand-in's independent reading of the contract, not the worker's own mirror of it.
    expect(checkBody(request)).toMatchObject({ ok: true });
    expect(request).toMatchObject({
      source: 'pricing-page',
      type: 'form-submission',
      email: 'ada@example.com',
      phoneNumber: '+14155550134',
      name: 'Ada Lovelace',
      idempotencyKey: `pb_${c.id}`,
    });
    expect(request.payload).toMatchObject({
      captureId: c.id,
      fields: { full_name: 'Ada Lovelace', work_email: 'ada@Example.com', phone: '+1 415 555 0134', company: 'Analytical Engines Ltd' },
      page: c.page,
      attribution: {
        utm_source: 'google',
        utm_medium: 'cpc',
        landingPage: c.touches![0]!.url,
        firstReferrer: 'https://www.google.com/',
        firstSeenAt: '2026-11-20T10:00:00.000Z',
      },
      consent: 'unknown',
      userAgent: 'Mozilla/5.0 test',
      submittedAt: '2026-11-27T12:00:00.000Z',
    });
    expect(typeof request.payload.receivedAt).toBe('string');
  });

  it('reads campaign parameters out of the first and last landing URLs the snippet kept', async () => {
    const c = capture({
      touches: [
        {
          url: 'https://www.example.com/?utm_source=linkedin&utm_campaign=q4&li_fat_id=abc',
          referrer: 'https://www.linkedin.com/',
          ts: Date.UTC(2026, 10, 20, 10),
        },
        { url: 'https://www.example.com/pricing?gclid=xyz&utm_source=google', referrer: '', ts: Date.UTC(2026, 10, 27, 9) },
      ],
    });
    const { sent } = await withRecordingQueue(submission(c));
    expect(sent[0]!.request.payload.attribution).toEqual({
      utm_source: 'linkedin',
      utm_campaign: 'q4',
      li_fat_id: 'abc',
      landingPage: 'https://www.example.com/?utm_source=linkedin&utm_campaign=q4&li_fat_id=abc',
      firstReferrer: 'https://www.linkedin.com/',
      firstSeenAt: '2026-11-20T10:00:00.000Z',
      lastTouch: {
        gclid: 'xyz',
        utm_source: 'google',
        landingPage: 'https://www.example.com/pricing?gclid=xyz&utm_source=google',
        firstSeenAt: '2026-11-27T09:00:00.000Z',
      },
    });
  });

  it('folds white space in labels and clips over-long page details instead of refusing the capture', async () => {
    const c = capture({ page: { url: 'https://www.example.com/', title: 'T'.repeat(900) } });
    c.fields[0]!.label = '\n   Full\n\n   name  ';
    const { res, sent } = await withRecordingQueue(submission(c));
    expect(res.status).toBe(202);
    expect((sent[0]!.request.payload.page as { title: string }).title).toHaveLength(500);
    expect((sent[0]!.request.payload.labels as Record<string, string>).full_name).toBe('Full name');
  });

  it('uses DEFAULT_SOURCE when the capture names no source', async () => {
    const { sent } = await withRecordingQueue(submission(capture({ source: undefined })));
    expect(sent[0]!.request.source).toBe('website');
  });

  it.each([
    [
      'a field value over 4,000 characters',
      (c: ReturnType<typeof capture>) => {
        c.fields[3]!.value = 'x'.repeat(4001);
      },
      'fields.3.value',
    ],
    [
      'a field name over 200 characters',
      (c: ReturnType<typeof capture>) => {
        c.fields[0]!.name = 'n'.repeat(201);
      },
      'fields.0.name',
    ],
    [
      'more than 100 fields',
      (c: ReturnType<typeof capture>) => {
        c.fields = Array.from({ length: 101 }, (_, i) => ({ name: `f${i}`, value: 'a@b.co' }));
      },
      'fields',
    ],
    [
      'a source that is not kebab-case',
      (c: ReturnType<typeof capture>) => {
        c.source = 'Pricing Page';
      },
      'source',
    ],
    [
      'an id that is not a nanoid',
      (c: ReturnType<typeof capture>) => {
        c.id = 'short';
      },
      'id',
    ],
    [
      'a page URL that is not absolute',
      (c: ReturnType<typeof capture>) => {
        c.page.url = '/pricing';
      },
      'page.url',
    ],
    [
      'a wrong version',
      (c: ReturnType<typeof capture>) => {
        (c as { v: number }).v = 2;
      },
      'v',
    ],
    [
      'a timestamp that is not a number',
      (c: ReturnType<typeof capture>) => {
        (c as { ts: unknown }).ts = '1764201600000';
      },
      'ts',
    ],
    [
      'an unknown consent state',
      (c: ReturnType<typeof capture>) => {
        (c as { consent: string }).consent = 'maybe';
      },
      'consent',
    ],
  ])('answers 400 invalid_body naming the path for %s', async (_t, mutate, path) => {
    const c = capture();
    mutate(c);
    const { res, sent } = await withRecordingQueue(submission(c));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_body');
    expect(body.error.issues.map((i) => i.path)).toContain(path);
    expect(sent).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{"v":1,'],
    ['JSON that is not an object', '"hello"'],
  ])('answers 400 invalid_body for a body that is %s', async (_t, raw) => {
    const res = await post(raw, { raw: true });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_body');
    const queued = await withRecordingQueue(
      new Request('https://beacon.example.net/v1/submissions', { method: 'POST', headers: { 'content-type': 'text/plain', origin: SITE }, body: raw }),
    );
    expect(queued.res.status).toBe(400);
    expect(queued.sent).toEqual([]);
  });

  it('answers 400 for invalid UTF-8', async () => {
    const res = await post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { raw: true });
    expect(res.status).toBe(400);
  });

  it('answers 413 payload_too_large past 32 KiB, counted while streaming', async () => {
    const c = capture({ fields: Array.from({ length: 10 }, (_, i) => ({ name: `f${i}`, value: 'x'.repeat(3500) })) });
    const res = await post(c);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    // A stream has no Content-Length to trust or distrust: the limit holds all the same.
    const bytes = new TextEncoder().encode(JSON.stringify(c));
    const stream = new ReadableStream({
      start(ctl) {
        ctl.enqueue(bytes.slice(0, 20_000));
        ctl.enqueue(bytes.slice(20_000));
        ctl.close();
      },
    });
    const { res: streamed } = await withRecordingQueue(
      new Request('https://beacon.example.net/v1/submissions', { method: 'POST', headers: { 'content-type': 'text/plain', origin: SITE }, body: stream }),
    );
    expect(streamed.status).toBe(413);
  });

  it.each(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html'])('answers 415 for %s', async (type) => {
    const res = await post(capture(), { contentType: type });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });

  it('answers 422 no_identity when no e-mail, phone, LinkedIn URL or prospect id is found, and enqueues nothing', async () => {
    const c = capture({
      fields: [
        { name: 'full_name', value: 'Ada Lovelace' },
        { name: 'message', value: 'call me' },
      ],
    });
    const { res, sent } = await withRecordingQueue(submission(c));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('no_identity');
    expect(sent).toHaveLength(0);
  });

  it('answers 202 to a capture flagged as a bot but enqueues nothing', async () => {
    const c = capture({ bot: true });
    const { res, sent } = await withRecordingQueue(submission(c));
    expect(res.status).toBe(202);
    expect(sent).toHaveLength(0);
  });

  it('answers 503 (never 202) when the queue refuses the capture', async () => {
    const { res } = await withRecordingQueue(submission(capture()), {}, async () => {
      throw new Error('queue down');
    });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('queue_unavailable');
  });

  it('answers 503 misconfigured (not 500) when DEFAULT_SOURCE breaks the contract', async () => {
    const { res, sent } = await withRecordingQueue(submission(capture({ source: undefined })), { DEFAULT_SOURCE: 'Not Kebab' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('misconfigured');
    expect(sent).toHaveLength(0);
  });

  it('answers 405 with Allow for other methods', async () => {
    const res = await exports.default.fetch('https://beacon.example.net/v1/submissions');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('POST');
  });
});

describe('CORS', () => {
  it.each([
    ['an exact allowed origin', 'https://www.example.com', true],
    ['a wildcard subdomain', 'https://shop.example.org', true],
    ['the bare wildcard domain', 'https://example.org', false],
    ['a look-alike host', 'https://www.example.com.evil.net', false],
    ['another site', 'https://evil.net', false],
  ])('answers a preflight from %s', async (_t, origin, allowed) => {
    const res = await exports.default.fetch('https://beacon.example.net/v1/submissions', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed ? origin : null);
    if (allowed) expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('echoes an allowed origin on the 202', async () => {
    const res = await post(capture(), { origin: 'https://www.example.com' });
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
  });
});

describe('other routes', () => {
  it('answers GET /healthz with 200', async () => {
    const res = await exports.default.fetch('https://beacon.example.net/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('serves every route under ROUTE_PREFIX and nothing outside it', async () => {
    const prefixed = { ROUTE_PREFIX: '/_pb' };
    const ok = await withRecordingQueue(new Request('https://www.example.com/_pb/healthz'), prefixed);
    expect(ok.res.status).toBe(200);
    const sub = await withRecordingQueue(
      new Request('https://www.example.com/_pb/v1/submissions', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: SITE },
        body: JSON.stringify(capture()),
      }),
      prefixed,
    );
    expect(sub.res.status).toBe(202);
    expect(sub.sent).toHaveLength(1);
    const outside = await withRecordingQueue(new Request('https://www.example.com/healthz'), prefixed);
    expect(outside.res.status).toBe(404);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await exports.default.fetch('https://beacon.example.net/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('serves the snippet with caching headers and answers a matching If-None-Match with 304', async () => {
    const res = await exports.default.fetch('https://beacon.example.net/s.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect((await res.text()).length).toBeGreaterThan(100);
    const again = await exports.default.fetch('https://beacon.example.net/s.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it.each([
    ['consent.js', 'the consent banner readers', BANNERS],
    ['words.js', 'the word lists in other scripts', WORDS],
    ['flows.js', 'the click handler of wizards and formless flows', FLOWS],
  ])('serves /%s (%s) under ROUTE_PREFIX too, as built, cached like the snippet', async (file, _what, built) => {
    for (const [url, prefix] of [
      [`https://beacon.example.net/${file}`, {}],
      [`https://www.example.com/_pb/${file}`, { ROUTE_PREFIX: '/_pb' }],
    ] as const) {
      const { res } = await withRecordingQueue(new Request(url), prefix);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('javascript');
      expect(res.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
      expect(await res.text()).toBe(built);
      const again = await withRecordingQueue(new Request(url, { headers: { 'if-none-match': res.headers.get('etag')! } }), prefix);
      expect(again.res.status).toBe(304);
    }
    const post = await exports.default.fetch(`https://beacon.example.net/${file}`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it.each([
    ['consent.js', BANNERS],
    ['words.js', WORDS],
    ['flows.js', FLOWS],
  ])('serves /%s to the snippet of its own release only: another release gets a 404 it never caches', async (file, built) => {
    const own = await exports.default.fetch(`https://beacon.example.net/${file}?v=${VERSION}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toBe(built);
    const other = await exports.default.fetch(`https://beacon.example.net/${file}?v=0badc0de`);
    expect(other.status).toBe(404);
    expect(other.headers.get('cache-control')).toBe('no-store');
    expect(await other.text()).not.toContain(built.slice(0, 40));
    // A snippet from before releases were named asks without ?v=: served as ever.
    expect((await exports.default.fetch(`https://beacon.example.net/${file}`)).status).toBe(200);
  });

  it("serves every build of the snippet with Chromium's compile hint as its first line, so V8 compiles its functions with the file, not at the visitor's submit", async () => {
    for (const [url, env] of [
      ['https://beacon.example.net/s.js', {}],
      ['https://beacon.example.net/s.debug.js', {}],
      ['https://beacon.example.net/s.js', { ANALYTICS: 'off' }],
    ] as const) {
      const { res } = await withRecordingQueue(new Request(url), env);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text.startsWith('//# allFunctionsCalledOnLoad\n')).toBe(true);
      // Once, and nowhere else: the hint is a comment to every other engine and must never end inside the code.
      expect(text.split('allFunctionsCalledOnLoad')).toHaveLength(2);
    }
  });

  it('the snippet asks for its second files with its own release', async () => {
    const res = await exports.default.fetch('https://beacon.example.net/s.js');
    expect(await res.text()).toContain(`?v=${VERSION}`);
  });

  it('serves the demo page only when DEMO_PAGE is "true"', async () => {
    expect((await exports.default.fetch('https://beacon.example.net/')).status).toBe(404);
    const { res } = await withRecordingQueue(new Request('https://beacon.example.net/'), { DEMO_PAGE: 'true' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<form');
    expect(html).toContain('src="/s.js"');
  });

  it("serves the demo call-back form's own script as a file (the demo CSP allows no inline script)", async () => {
    const { res: page } = await withRecordingQueue(new Request('https://beacon.example.net/'), { DEMO_PAGE: 'true' });
    const html = await page.text();
    expect(html).toContain('<form id="call-back"');
    expect(html).toContain('src="/demo/app.js"');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    const { res } = await withRecordingQueue(new Request('https://beacon.example.net/demo/app.js'), { DEMO_PAGE: 'true' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(await res.text()).toContain("getElementById('call-back')");
    expect((await exports.default.fetch('https://beacon.example.net/demo/app.js')).status).toBe(404);
  });
});

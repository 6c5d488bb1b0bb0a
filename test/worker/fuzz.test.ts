// Property tests (fast-check) against the ingest routes inside workerd: random JSON, mutated captures, random
// bytes, random forms. Never a 5xx; every accepted capture yields a body that passes the contract (the stand-in's
// independent stub/contract.ts, besides the worker's mirror), and enough are accepted for that to mean something;
// every refusal names a machine-readable code. Plus identity extraction's own properties.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { E164, ProspectLogRequestSchema } from '../../worker/delivery/architect';
import type { Env } from '../../worker/env';
import { extractIdentity } from '../../worker/ingest/identity';
import type { DeliveryJob } from '../../worker/delivery/job';
import { checkBody } from '../../stub/contract';
import { SITE, capture } from './helpers';

/** Runs per property; four request properties make 10,000 bodies a run. */
const RUNS = 2500;
const tally = { cases: 0, accepted: 0, refused: 0, fiveHundreds: 0 };

// The ledger is bypassed here: 10,000 Durable Object writes would measure the ledger, not the parser.
const LEDGER = { idFromName: () => ({}), get: () => ({ record: async () => {}, count: async () => {} }) };

async function hit(body: BodyInit, contentType: string, path = '/v1/submissions') {
  const sent: DeliveryJob[] = [];
  const queue = { send: async (job: DeliveryJob) => void sent.push(job), sendBatch: async () => {} } as unknown as Queue<DeliveryJob>;
  const ctx = createExecutionContext();
  const req = new Request(`https://beacon.example.net${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, origin: SITE, referer: `${SITE}/p` },
    body,
  });
  const res = await worker.fetch(req as Parameters<typeof worker.fetch>[0], { ...env, CAPTURE_QUEUE: queue, LEDGER, MIN_FILL_MS: '0' } as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return { res, sent };
}

/** The properties every answer must have; true when a capture was queued (so its body was contract-checked). */
async function check({ res, sent }: Awaited<ReturnType<typeof hit>>, html = false): Promise<boolean> {
  tally.cases++;
  if (res.status >= 500) tally.fiveHundreds++;
  expect(res.status).toBeLessThan(500);
  for (const job of sent) {
    expect(v.safeParse(ProspectLogRequestSchema, job.request).issues ?? []).toEqual([]);
    const contract = checkBody(job.request);
    expect(contract.ok ? [] : contract.details).toEqual([]);
  }
  if (res.status < 400) {
    tally.accepted++;
    return sent.length > 0; // a 2xx/3xx for spam is a drop: answered like the rest, never queued
  }
  tally.refused++;
  const code = html ? res.headers.get('x-error-code') : ((await res.json()) as { error?: { code?: unknown } }).error?.code;
  expect(typeof code === 'string' && /^[a-z_]+$/.test(code)).toBe(true);
  expect(sent).toEqual([]);
  return false;
}

const jsonType = fc.constantFrom('text/plain;charset=UTF-8', 'application/json');
const evil = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 50 }), // lone surrogates and everything else
  fc.constantFrom('__proto__', 'constructor', 'prototype', '\u0000\u0007\u001b', '\ud800', '1764201600000', '', ' ', 'x'.repeat(5000)),
  fc.jsonValue({ maxDepth: 12 }),
);

/** A valid capture with one thing changed, removed or piled on. */
const mutated = fc
  .tuple(
    fc.constantFrom(
      'v',
      'id',
      'source',
      'page',
      'page.url',
      'page.title',
      'form',
      'form.action',
      'fields',
      'fields.0',
      'fields.0.name',
      'fields.0.value',
      'fields.1.value',
      'touches',
      'touches.0',
      'touches.0.ts',
      'touches.1',
      'consent',
      'ts',
      'bot',
      'elapsed',
      'turnstile',
      '__proto__',
      'extra',
    ),
    fc.oneof(evil, fc.constant(undefined)),
    fc.nat({ max: 150 }),
    fc.boolean(),
  )
  .map(([path, value, extraFields, duplicate]) => {
    const c = capture() as unknown as Record<string, unknown>;
    const keys = path.split('.');
    let at: Record<string, unknown> = c;
    for (const k of keys.slice(0, -1)) {
      at[k] ??= {};
      at = at[k] as Record<string, unknown>;
    }
    if (value === undefined) delete at[keys.at(-1)!];
    else Object.defineProperty(at, keys.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
    const fields = c.fields as { name: string; value: string }[] | undefined;
    if (Array.isArray(fields)) {
      for (let i = 0; i < extraFields; i++) fields.push({ name: duplicate ? 'email' : `f${i}`, value: `x${i}@example.com` });
    }
    return JSON.stringify(c);
  });

describe('fuzzing the ingest routes', () => {
  afterAll(() => {
    console.log(`\nFuzz: ${tally.cases} cases tried, ${tally.accepted} accepted, ${tally.refused} refused, 5xx seen: ${tally.fiveHundreds}\n`);
  });

  it('random JSON values as bodies', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 10 }), jsonType, async (value, type) => void (await check(await hit(JSON.stringify(value) ?? 'null', type)))),
      { numRuns: RUNS },
    );
  });

  it('mutations of a valid capture', { timeout: 120_000 }, async () => {
    let queued = 0;
    await fc.assert(
      fc.asyncProperty(mutated, jsonType, async (body, type) => void ((await check(await hit(body, type))) && queued++)),
      { numRuns: RUNS },
    );
    console.log(`mutations: ${queued} of ${RUNS} queued`);
    // Most mutations touch an optional part or pile on fields: a run that accepts almost none checked nothing.
    expect(queued).toBeGreaterThan(RUNS / 10);
  });

  it('random bytes, and deep nesting', { timeout: 120_000 }, async () => {
    const deep = fc.nat({ max: 5000 }).map((n) => `{"v":1,"fields":${'['.repeat(n)}${']'.repeat(n)}}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 3000 }), deep), jsonType, async (body, type) => void (await check(await hit(body, type)))),
      { numRuns: RUNS },
    );
  });

  it('random forms to POST /v1/form, urlencoded and multipart', { timeout: 120_000 }, async () => {
    let queued = 0;
    const entries = fc.array(
      fc.tuple(
        fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('email', 'phone', 'name', '_next', '_gotcha', '_source', 'password', 'card')),
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.emailAddress(),
          fc.constantFrom('//evil.com', 'javascript:alert(1)', `${SITE}/ok`, '+14155550134', '4111111111111111'),
        ),
      ),
      { maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(entries, fc.boolean(), async (pairs, multipart) => {
        let body: BodyInit;
        let type: string;
        if (multipart) {
          const data = new FormData();
          // workerd's own FormData cannot encode a name ending in a backslash (the parser side is fuzzed by bytes).
          for (const [k, val] of pairs) if (!k.endsWith('\\')) data.append(k, val);
          const encoded = new Request('https://x/', { method: 'POST', body: data });
          type = encoded.headers.get('content-type')!;
          body = await encoded.arrayBuffer();
        } else {
          body = new URLSearchParams(pairs).toString();
          type = 'application/x-www-form-urlencoded';
        }
        const result = await hit(body, type, '/v1/form');
        if (await check(result, true)) queued++;
        const location = result.res.headers.get('location');
        if (location) expect(new URL(location).origin).toBe(SITE);
      }),
      { numRuns: RUNS },
    );
    console.log(`random forms: ${queued} of ${RUNS} queued`);
    expect(queued).toBeGreaterThan(0);
  });
});

describe('identity extraction properties', () => {
  const field = fc.record({
    name: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('email', 'phone', 'tel', 'name', 'first_name', 'last_name', 'linkedin', 'country')),
    value: fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.emailAddress(),
      fc.stringMatching(/^\+?[0-9 ()-]{4,20}$/),
      fc.constantFrom('linkedin.com/in/ada', 'x'.repeat(400), 'DE', 'US'),
    ),
    type: fc.option(fc.constantFrom('email', 'tel', 'text', 'hidden'), { nil: undefined }),
    autocomplete: fc.option(fc.constantFrom('email', 'tel', 'name', 'given-name', 'family-name', 'country'), { nil: undefined }),
    label: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  });

  it('emits only a valid e-mail, an E.164 phone and a 1-255 character name', () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 12 }), fc.constantFrom(undefined, 'US', 'DE', 'JP', 'XX'), (fields, country) => {
        tally.cases++;
        const id = extractIdentity(fields, { cfCountry: country, defaultRegion: 'US' });
        if (id.phoneNumber !== undefined) expect(id.phoneNumber).toMatch(E164);
        if (id.name !== undefined) expect(id.name.length >= 1 && id.name.length <= 255).toBe(true);
        if (id.email !== undefined) expect(v.is(v.pipe(v.string(), v.email()), id.email)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

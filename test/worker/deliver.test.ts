// The queue consumer against the real stand-in: ack, retry with backoff, dead letters, replay.
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, inject, it, vi } from 'vitest';
import worker from '../../worker/index';
import { retryDelaySeconds } from '../../worker/delivery/consumer';
import type { Env } from '../../worker/env';
import type { DeliveryJob } from '../../worker/delivery/job';
import { buildProspectLog } from '../../worker/ingest/prospect-log';
import { callsFor, capture, injectFault, logsFor } from './helpers';

const stubUrl = inject('stubUrl');

function job(): DeliveryJob {
  const c = capture();
  const built = buildProspectLog(
    { ...c, consent: 'unknown', fields: c.fields },
    { defaultSource: 'website', logType: 'form-submission', defaultPhoneRegion: 'US', receivedAt: new Date() },
  );
  if (!built.ok) throw new Error('test capture has no identity');
  return { v: 1, captureId: c.id, receivedAt: new Date().toISOString(), request: built.request };
}

async function consume(body: unknown, attempts = 1, overrides: Partial<Env> = {}, id = `msg-${Math.random()}`) {
  const batch = createMessageBatch('prospect-beacon-captures', [{ id, timestamp: new Date(), attempts, body }]);
  // The test batch records that retry() was called but not its delay, so the delay is read off a spy.
  const retry = vi.spyOn(batch.messages[0]!, 'retry');
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<DeliveryJob>, { ...env, ...overrides } as Env, ctx);
  const result = await getQueueResult(batch, ctx);
  return { ...result, delays: retry.mock.calls.map(([opts]) => opts?.delaySeconds) };
}

const admin = (path: string, init: RequestInit = {}) =>
  exports.default.fetch(`https://beacon.example.net/admin/dead-letters${path}`, {
    ...init,
    headers: { authorization: 'Bearer test-admin-token-0123456789abcdefgh', ...(init.headers as Record<string, string> | undefined) },
  });

describe('queue consumer', () => {
  it('acks a delivered job and the stand-in stores exactly one log', async () => {
    const j = job();
    const result = await consume(j);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    const logs = await logsFor(stubUrl, j.captureId);
    expect(logs).toHaveLength(1);
    expect(logs[0]!.request).toEqual(j.request);
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 }],
    ['a 502', { kind: 'status', status: 502 }],
    ['a 503', { kind: 'status', status: 503 }],
    ['a hang past the client timeout', { kind: 'hang', ms: 5_000 }],
    ['a dropped connection', { kind: 'drop' }],
    ['a malformed 201', { kind: 'malformed' }],
  ])('retries after %s with exponential backoff, then delivers once', async (_t, fault) => {
    const j = job();
    await injectFault(stubUrl, { ...fault, idempotencyKey: j.request.idempotencyKey });
    const first = await consume(j, 2);
    expect(first.explicitAcks).toEqual([]);
    // RETRY_BASE_SECONDS=1 doubled once for the second attempt.
    expect(first.retryMessages).toHaveLength(1);
    expect(first.delays).toEqual([2]);
    const second = await consume(j, 3);
    expect(second.explicitAcks).toHaveLength(1);
    expect(await logsFor(stubUrl, j.captureId)).toHaveLength(1);
    // The fault struck the first call (both reached the stand-in), and what was stored is the queued body.
    expect(await callsFor(stubUrl, j.captureId)).toBe(2);
    expect((await logsFor(stubUrl, j.captureId))[0]!.request).toEqual(j.request);
  });

  it('honours Retry-After on a 429', async () => {
    const j = job();
    await injectFault(stubUrl, { kind: 'status', status: 429, retryAfter: 3, idempotencyKey: j.request.idempotencyKey });
    const result = await consume(j);
    expect(result.retryMessages).toHaveLength(1);
    expect(result.delays).toEqual([3]);
    expect(await callsFor(stubUrl, j.captureId)).toBe(1);
    expect(await logsFor(stubUrl, j.captureId)).toHaveLength(0);
  });

  it('dead-letters a 401 (wrong key) with its reason, and replay after fixing the key stores it once', async () => {
    const j = job();
    const result = await consume(j, 1, { ARCHITECT_API_KEY: 'wrong-key' });
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    const letter = (await (await admin(`/${j.captureId}`)).json()) as { reason: string; status: number; code: string; job: DeliveryJob };
    expect(letter).toMatchObject({ reason: 'rejected', status: 401, code: 'UNAUTHORIZED' });
    expect(letter.job).toEqual(j);
    expect(await logsFor(stubUrl, j.captureId)).toHaveLength(0);

    const list = (await (await admin('')).json()) as { deadLetters: { captureId: string; reason: string }[] };
    expect(list.deadLetters).toContainEqual(expect.objectContaining({ captureId: j.captureId, reason: 'rejected' }));

    // Replay puts the job back on the real queue; its consumer (with the right key) delivers it.
    const replay = await admin(`/${j.captureId}/replay`, { method: 'POST' });
    expect(replay.status).toBe(202);
    await expect.poll(async () => (await logsFor(stubUrl, j.captureId)).length, { timeout: 10_000, interval: 100 }).toBe(1);
    expect((await logsFor(stubUrl, j.captureId))[0]!.request).toEqual(j.request);
    expect((await admin(`/${j.captureId}`)).status).toBe(404);
  });

  it('dead-letters a 400 from Architect without retrying', async () => {
    const j = job();
    await injectFault(stubUrl, { kind: 'status', status: 400, idempotencyKey: j.request.idempotencyKey });
    const result = await consume(j);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    const letter = (await (await admin(`/${j.captureId}`)).json()) as { reason: string; status: number; job: DeliveryJob };
    expect(letter).toMatchObject({ reason: 'rejected', status: 400 });
    // Kept whole, so a replay sends the same body; nothing stored upstream.
    expect(letter.job).toEqual(j);
    expect(await logsFor(stubUrl, j.captureId)).toHaveLength(0);
  });

  it('dead-letters a job still failing at MAX_ATTEMPTS, naming the last failure', async () => {
    const j = job();
    await injectFault(stubUrl, { kind: 'status', status: 503, idempotencyKey: j.request.idempotencyKey });
    const result = await consume(j, 4);
    expect(result.explicitAcks).toHaveLength(1);
    const letter = (await (await admin(`/${j.captureId}`)).json()) as { reason: string; attempts: number; job: DeliveryJob };
    expect(letter).toMatchObject({ reason: 'retries_exhausted:upstream_error', attempts: 4 });
    expect(letter.job).toEqual(j);
    expect(await logsFor(stubUrl, j.captureId)).toHaveLength(0);
  });

  it('retries (never drops) when the API key secret is missing', async () => {
    const j = job();
    const result = await consume(j, 1, { ARCHITECT_API_KEY: undefined });
    expect(result.retryMessages).toHaveLength(1);
    expect(await logsFor(stubUrl, j.captureId)).toHaveLength(0);
  });

  it('dead-letters a message that is not a delivery job, keeping its body', async () => {
    const id = `msg-${Math.random().toString(36).slice(2)}`;
    const result = await consume({ hello: 'world' }, 1, {}, id);
    expect(result.explicitAcks).toHaveLength(1);
    const list = (await (await admin('')).json()) as { deadLetters: { captureId: string; reason: string }[] };
    expect(list.deadLetters.some((d) => d.reason === 'invalid_message')).toBe(true);
    // The letter keeps the message exactly as it came, for an operator to read.
    expect(await (await admin(`/invalid-${id}`)).json()).toMatchObject({ reason: 'invalid_message', job: { hello: 'world' } });
  });

  it('files what the platform dead-letter queue hands over', async () => {
    const j = job();
    const batch = createMessageBatch('prospect-beacon-dead-letters', [{ id: 'dlq-1', timestamp: new Date(), attempts: 1, body: j }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<DeliveryJob>, env as Env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['dlq-1']);
    expect(await (await admin(`/${j.captureId}`)).json()).toMatchObject({ reason: 'queue_retries_exhausted' });
  });
});

describe('retry delays', () => {
  const cfg = { RETRY_BASE_SECONDS: 10, RETRY_MAX_SECONDS: 3600 };
  it.each([
    [1, undefined, 10],
    [2, undefined, 20],
    [5, undefined, 160],
    [20, undefined, 3600],
    [1, 120, 120],
    [1, 999_999, 43_200],
  ])('attempt %i with Retry-After %s waits %i s', (attempts, retryAfter, expected) => {
    expect(retryDelaySeconds(cfg, attempts, retryAfter)).toBe(expected);
  });
});

describe('admin routes', () => {
  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer nope' }],
  ])('refuse %s with 401', async (_t, headers) => {
    const res = await exports.default.fetch('https://beacon.example.net/admin/dead-letters', { headers });
    expect(res.status).toBe(401);
  });

  it.each([
    ['POST', '/admin/stats', 'GET'],
    ['DELETE', '/admin/captures/abc', 'GET'],
    ['POST', '/admin/dead-letters', 'GET'],
    ['PATCH', '/admin/dead-letters/abc', 'GET, DELETE'], // DELETE removes one (test/worker/security/personal-data-lifecycle.test.ts)
    ['GET', '/admin/dead-letters/abc/replay', 'POST'],
  ])('answer %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const res = await exports.default.fetch(`https://beacon.example.net${path}`, {
      method,
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdefgh' },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('are off when ADMIN_TOKEN is not set', async () => {
    const res = await worker.fetch(
      new Request('https://beacon.example.net/admin/dead-letters', { headers: { authorization: 'Bearer ' } }),
      { ...env, ADMIN_TOKEN: undefined } as Env,
      createExecutionContext(),
    );
    expect(res.status).toBe(401);
  });
});

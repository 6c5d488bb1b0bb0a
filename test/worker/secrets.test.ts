// The Architect API key never reaches a browser, a response or a log line.
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import worker from '../../worker/index';
import type { Env } from '../../worker/env';
import type { DeliveryJob } from '../../worker/delivery/job';
import { capture, injectFault, post } from './helpers';

const KEYS = [env.ARCHITECT_API_KEY!, 'wrong-secret-key-8c1f'];
const lines: string[] = [];
const seen: string[] = [];
let spy: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.map(String).join(' ')));
});
afterAll(() => spy.mockRestore());

async function keep(res: Response): Promise<Response> {
  seen.push(JSON.stringify([...res.headers]), await res.clone().text());
  return res;
}

async function consume(body: unknown, overrides: Partial<Env> = {}) {
  const batch = createMessageBatch('prospect-beacon-captures', [{ id: `m-${Math.random()}`, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<DeliveryJob>, { ...env, ...overrides } as Env, ctx);
  return getQueueResult(batch, ctx);
}

describe('the API key', () => {
  it('is in no response body or header, and in no log line, across every route and outcome', async () => {
    const stubUrl = inject('stubUrl');
    const ok = capture();
    await keep(await post(ok));
    await keep(await post(capture({ fields: [{ name: 'message', value: 'hi' }] }))); // 422
    await keep(await post('{', { raw: true })); // 400
    await keep(await post(capture(), { origin: 'https://evil.example.net' })); // 403
    await keep(await exports.default.fetch('https://beacon.example.net/s.js'));
    await keep(await exports.default.fetch('https://beacon.example.net/healthz'));

    const job = {
      v: 1,
      captureId: ok.id,
      receivedAt: new Date().toISOString(),
      request: { source: 'x', type: 'form-submission', payload: {}, email: 'k@example.com', idempotencyKey: `pb_${ok.id}` },
    };
    await consume(job); // delivered
    await injectFault(stubUrl, { kind: 'status', status: 503, idempotencyKey: 'pb_retry-case' });
    await consume({ ...job, captureId: 'retry-case', request: { ...job.request, idempotencyKey: 'pb_retry-case' } }); // retried
    await consume({ ...job, captureId: 'wrong-key-case', request: { ...job.request, idempotencyKey: 'pb_wrong-key-case' } }, { ARCHITECT_API_KEY: KEYS[1] }); // 401 → dead letter
    for (const path of ['/admin/dead-letters', '/admin/dead-letters/wrong-key-case', '/admin/stats']) {
      await keep(
        await exports.default.fetch(`https://beacon.example.net${path}`, { headers: { authorization: 'Bearer test-admin-token-0123456789abcdefgh' } }),
      );
    }
    // The capture posted first also went through the real queue, whose consumer logs in this isolate: wait until
    // both deliveries of its id (that one and the direct consume above) have logged, so every line is in.
    await vi.waitFor(() => expect(lines.filter((l) => l.includes('"delivery.') && l.includes(ok.id))).toHaveLength(2), { timeout: 10_000, interval: 50 });

    expect(lines.length).toBeGreaterThan(5);
    expect(lines.some((l) => l.includes('delivery.dead_lettered'))).toBe(true);
    for (const key of KEYS) {
      for (const text of [...lines, ...seen]) expect(text).not.toContain(key);
    }
  });

  it('is not in the built snippet, as served', async () => {
    for (const path of ['/s.js', '/s.debug.js']) {
      const text = await (await exports.default.fetch(`https://beacon.example.net${path}`)).text();
      expect(text.length).toBeGreaterThan(1000);
      for (const key of [...KEYS, 'dev-architect-key', 'e2e-architect-key']) expect(text).not.toContain(key);
    }
  });
});

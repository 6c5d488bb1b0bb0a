// End to end inside workerd: ingest route → real local Queue → consumer → the stand-in over loopback.
import * as v from 'valibot';
import { describe, expect, inject, it } from 'vitest';
import { ProspectLogRequestSchema, ProspectLogResponseSchema } from '../../worker/delivery/architect';
import { callsFor, capture, logsFor, post } from './helpers';

const stubUrl = inject('stubUrl');
const settle = { timeout: 10_000, interval: 100 };

describe('capture to prospect log', () => {
  it('turns an accepted capture into one stored log whose body satisfies the contract', async () => {
    const c = capture();
    expect((await post(c)).status).toBe(202);
    await expect.poll(async () => (await logsFor(stubUrl, c.id)).length, settle).toBe(1);
    const [log] = await logsFor(stubUrl, c.id);
    expect(v.is(ProspectLogRequestSchema, log!.request)).toBe(true);
    expect(v.is(ProspectLogResponseSchema, { ...log, source: log!.request.source, type: log!.request.type })).toBe(true);
    expect(log!.request).toMatchObject({
      email: 'ada@example.com',
      phoneNumber: '+14155550134',
      name: 'Ada Lovelace',
      source: 'pricing-page',
      type: 'form-submission',
    });
  });

  it('stores the same capture posted twice exactly once', async () => {
    const c = capture();
    expect((await post(c)).status).toBe(202);
    expect((await post(c)).status).toBe(202);
    await expect.poll(async () => (await logsFor(stubUrl, c.id)).length, settle).toBe(1);
    // Both deliveries reached the stand-in (the positive signal); the idempotency key made the second a replay.
    await expect.poll(() => callsFor(stubUrl, c.id), settle).toBe(2);
    expect(await logsFor(stubUrl, c.id)).toHaveLength(1);
  });

  it('matches a returning prospect by e-mail instead of creating another', async () => {
    const email = `returning.${Date.now()}@example.com`;
    const first = capture({ fields: [{ name: 'email', value: email, type: 'email' }] });
    const second = capture({ fields: [{ name: 'email', value: email.toUpperCase().replace('EXAMPLE.COM', 'example.com'), type: 'email' }] });
    await post(first);
    await expect.poll(async () => (await logsFor(stubUrl, first.id)).length, settle).toBe(1);
    await post(second);
    await expect.poll(async () => (await logsFor(stubUrl, second.id)).length, settle).toBe(1);
    const [a] = await logsFor(stubUrl, first.id);
    const [b] = await logsFor(stubUrl, second.id);
    expect(a!.createdProspect).toBe(true);
    expect(b!.createdProspect).toBe(false);
    expect(b!.prospectId).toBe(a!.prospectId);
  });

  it('stores nothing for a capture without identity (422) or a malformed one (400)', async () => {
    const anonymous = capture({ fields: [{ name: 'message', value: 'hi' }] });
    expect((await post(anonymous)).status).toBe(422);
    const broken = capture();
    broken.fields[0]!.value = 'x'.repeat(5000);
    const res = await post(broken);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('fields.0.value');
    // A valid capture posted after them reaching the stand-in is the positive signal: the queue has had its chance.
    const valid = capture();
    expect((await post(valid)).status).toBe(202);
    await expect.poll(async () => (await logsFor(stubUrl, valid.id)).length, settle).toBe(1);
    expect(await logsFor(stubUrl, anonymous.id)).toHaveLength(0);
    expect(await logsFor(stubUrl, broken.id)).toHaveLength(0);
  });
});

// Attempts of one form in one visit become ONE log, end to end: ingest route → visit Durable Object → its alarm →
// the real local Queue → the stand-in. SETTLE_SECONDS is 1 here (vitest.config.ts).
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { nanoid } from 'nanoid';
import { describe, expect, inject, it } from 'vitest';
import type { CaptureInput } from '../../worker/ingest/capture';
import type { CaptureRecord } from '../../worker/ledger';
import { erasePending } from '../../worker/merge/erase';
import type { Visit } from '../../worker/merge/visit';
import { capture, logsFor, post } from './helpers';

const stubUrl = inject('stubUrl');
const settle = { timeout: 15_000, interval: 100 };

/** One attempt of the form `key` in `visit`: e-mail, plus a name that may be left empty. */
function attempt(visit: string, name: string, email = 'ada@example.com', key = 'form#demo'): CaptureInput {
  return capture({
    visit,
    form: { id: 'demo', key },
    fields: [
      { name: 'email', value: email, type: 'email' },
      { name: 'full_name', value: name, autocomplete: 'name' },
    ],
  });
}

async function record(id: string): Promise<CaptureRecord & { error?: unknown }> {
  const res = await exports.default.fetch(`https://beacon.example.net/admin/captures/${id}`, {
    headers: { authorization: 'Bearer test-admin-token-0123456789abcdefgh' },
  });
  return res.json();
}

const visitStub = (visit: string) => env.VISITS.get(env.VISITS.idFromName(visit));
const pendingRows = (visit: string) =>
  runInDurableObject(visitStub(visit), (_i: Visit, state) =>
    state.storage.sql.exec<{ id: string; attempt_ids: string }>('SELECT id, attempt_ids FROM leads').toArray(),
  );

describe('one log per lead', () => {
  it('merges an invalid-then-valid submit into one log with the final values, keyed by the first attempt', async () => {
    const visit = nanoid();
    const first = attempt(visit, '');
    const second = attempt(visit, 'Ada Lovelace');
    second.fields.push({ name: 'company', value: 'Engines' });
    first.fields.push({ name: 'step1_only', value: 'kept' });
    expect((await post(first)).status).toBe(202);
    expect((await post(second)).status).toBe(202);
    await expect.poll(async () => (await logsFor(stubUrl, first.id)).length, settle).toBe(1);
    const [log] = await logsFor(stubUrl, first.id);
    expect(log!.request).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', idempotencyKey: `pb_${first.id}` });
    expect(log!.request.payload).toMatchObject({
      attempts: 2,
      attemptIds: [first.id, second.id],
      fields: { email: 'ada@example.com', full_name: 'Ada Lovelace', company: 'Engines', step1_only: 'kept' },
    });
    expect(await logsFor(stubUrl, second.id)).toHaveLength(0);
    // The ledger: the first attempt carries the log, the second says where it went.
    await expect.poll(async () => (await record(first.id)).state, settle).toBe('delivered');
    expect(await record(second.id)).toMatchObject({ state: 'merged', mergedInto: first.id });
    // Delivered leads leave nothing personal behind in the visit's object.
    await expect.poll(async () => (await pendingRows(visit)).length, settle).toBe(0);
  });

  it('delivers the pending lead as it is when an attempt brings a different e-mail, then the new one', async () => {
    const visit = nanoid();
    const ada = attempt(visit, 'Ada');
    const bob = attempt(visit, 'Bob', 'bob@example.com');
    await post(ada);
    await post(bob);
    await expect.poll(async () => (await logsFor(stubUrl, bob.id)).length, settle).toBe(1);
    const [a] = await logsFor(stubUrl, ada.id);
    const [b] = await logsFor(stubUrl, bob.id);
    expect(a!.request).toMatchObject({ email: 'ada@example.com', name: 'Ada', payload: { attempts: 1 } });
    expect(b!.request).toMatchObject({ email: 'bob@example.com', name: 'Bob', payload: { attempts: 1 } });
  });

  it('waits SETTLE_SECONDS again after each attempt that merges into the held lead', async () => {
    const visit = nanoid();
    const first = attempt(visit, '');
    await post(first);
    // The first attempt has been held a while and is about to settle (its alarm kept away, so only the next
    // attempt can move it).
    await runInDurableObject(visitStub(visit), async (_i: Visit, state) => {
      state.storage.sql.exec('UPDATE leads SET first_at = ?, due_at = ?', Date.now() - 60_000, Date.now() + 300);
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    const before = Date.now();
    await post(attempt(visit, 'Ada Lovelace'));
    const [due, alarm] = await runInDurableObject(visitStub(visit), async (_i: Visit, state) => [
      state.storage.sql.exec<{ due_at: number }>('SELECT due_at FROM leads').one().due_at,
      await state.storage.getAlarm(),
    ]);
    // SETTLE_SECONDS is 1 here: due a second after the merging attempt, and the alarm moved with it.
    expect(due).toBeGreaterThanOrEqual(before + 1000);
    expect(alarm).toBe(due);
    await expect.poll(async () => (await logsFor(stubUrl, first.id)).length, settle).toBe(1);
    expect((await logsFor(stubUrl, first.id))[0]!.request).toMatchObject({ name: 'Ada Lovelace', payload: { attempts: 2 } });
  });

  it('delivers two logs when a second person on the same tab sends a name and phone after an e-mail and note', async () => {
    const visit = nanoid();
    const form = { id: 'kiosk', key: 'form#kiosk' };
    const alice = capture({
      visit,
      form,
      fields: [
        { name: 'email', value: 'alice@example.com', type: 'email' },
        { name: 'note', value: 'Call me' },
      ],
    });
    const bob = capture({
      visit,
      form,
      fields: [
        { name: 'full_name', value: 'Bob Stone', autocomplete: 'name' },
        { name: 'phone', value: '+14155550134', type: 'tel' },
      ],
    });
    expect((await post(alice)).status).toBe(202);
    expect((await post(bob)).status).toBe(202);
    await expect.poll(async () => (await logsFor(stubUrl, bob.id)).length, settle).toBe(1);
    await expect.poll(async () => (await logsFor(stubUrl, alice.id)).length, settle).toBe(1);
    const [a] = await logsFor(stubUrl, alice.id);
    const [b] = await logsFor(stubUrl, bob.id);
    expect(a!.request).toMatchObject({ email: 'alice@example.com', payload: { attempts: 1, fields: { email: 'alice@example.com', note: 'Call me' } } });
    expect(a!.request).not.toHaveProperty('name');
    expect(b!.request).toMatchObject({
      name: 'Bob Stone',
      phoneNumber: '+14155550134',
      payload: { attempts: 1, fields: { full_name: 'Bob Stone', phone: '+14155550134' } },
    });
    expect(b!.request).not.toHaveProperty('email');
  });

  it('keeps attempts of two forms in one visit apart', async () => {
    const visit = nanoid();
    const demo = attempt(visit, 'Ada', 'ada@example.com', 'form#demo');
    const news = attempt(visit, '', 'ada@example.com', 'form#newsletter');
    await post(demo);
    await post(news);
    await expect.poll(async () => (await logsFor(stubUrl, news.id)).length, settle).toBe(1);
    await expect.poll(async () => (await logsFor(stubUrl, demo.id)).length, settle).toBe(1);
  });

  it('answers an attempt sent again after its lead settled from memory, never as a second log', async () => {
    const visit = nanoid();
    const first = attempt(visit, '');
    const second = attempt(visit, 'Ada');
    await post(first);
    await post(second);
    await expect.poll(async () => (await logsFor(stubUrl, first.id)).length, settle).toBe(1);
    // The snippet's outbox sends the second attempt again (its 202 was lost), then the visitor sends another lead.
    expect((await post(second)).status).toBe(202);
    const later = attempt(visit, 'Bob', 'bob@example.com');
    await post(later);
    await expect.poll(async () => (await logsFor(stubUrl, later.id)).length, settle).toBe(1);
    expect(await logsFor(stubUrl, second.id)).toHaveLength(0);
    expect(await logsFor(stubUrl, first.id)).toHaveLength(1);
  });

  it('delivers a capture without a visit key at once, unmerged and never held', async () => {
    const c = capture();
    await post(c);
    await expect.poll(async () => (await logsFor(stubUrl, c.id)).length, settle).toBe(1);
    const [log] = await logsFor(stubUrl, c.id);
    expect(log!.request.payload.attempts).toBeUndefined();
    expect((await record(c.id)).mergedInto).toBeNull();
  });

  it('holds a 422 attempt nowhere: the pending lead is delivered alone', async () => {
    const visit = nanoid();
    const first = attempt(visit, 'Ada');
    const anonymous = capture({ visit, form: { key: 'form#demo' }, fields: [{ name: 'full_name', value: 'Ada L.' }] });
    await post(first);
    expect((await post(anonymous)).status).toBe(422);
    await expect.poll(async () => (await logsFor(stubUrl, first.id)).length, settle).toBe(1);
    expect((await logsFor(stubUrl, first.id))[0]!.request).toMatchObject({ name: 'Ada', payload: { attempts: 1 } });
    expect((await record(anonymous.id)).error).toBeDefined();
  });

  it('keeps the ledger balanced: accepted = delivered + merged + dead-lettered + dropped + pending', async () => {
    const visit = nanoid();
    const a = attempt(visit, '');
    const b = attempt(visit, 'Ada');
    const bot = { ...attempt(visit, 'Ada'), bot: true };
    await post(a);
    await post(b);
    await post(bot);
    await expect.poll(async () => (await record(a.id)).state, settle).toBe('delivered');
    expect([(await record(b.id)).state, (await record(bot.id)).state]).toEqual(['merged', 'dropped']);
    const stats = (await (
      await exports.default.fetch('https://beacon.example.net/admin/stats', { headers: { authorization: 'Bearer test-admin-token-0123456789abcdefgh' } })
    ).json()) as { accepted: number; byState: Record<string, number> };
    const s = (k: string) => stats.byState[k] ?? 0;
    expect(s('merged')).toBeGreaterThanOrEqual(1);
    expect(stats.accepted).toBe(s('delivered') + s('merged') + s('dead_lettered') + s('dropped') + s('held') + s('accepted') + s('retrying'));
  });

  it('loses nothing when the visit object restarts between two attempts', async () => {
    const visit = nanoid();
    const first = attempt(visit, '');
    const second = attempt(visit, 'Ada Lovelace');
    await post(first);
    // abort() throws away the instance and everything in its memory; the next call gets a fresh one.
    await runInDurableObject(visitStub(visit), (_i: Visit, state) => state.abort()).catch(() => {});
    expect((await pendingRows(visit)).map((r) => r.id)).toEqual([first.id]);
    await post(second);
    await expect.poll(async () => (await logsFor(stubUrl, first.id)).length, settle).toBe(1);
    expect((await logsFor(stubUrl, first.id))[0]!.request).toMatchObject({ name: 'Ada Lovelace', payload: { attempts: 2 } });
  });

  it('erases the pending attempts of a person in every visit that holds them, so they are never delivered', async () => {
    const email = `erase.${nanoid(6).toLowerCase()}@example.com`;
    const [v1, v2] = [nanoid(), nanoid()];
    const a = attempt(v1, 'Ada', email);
    const b = attempt(v2, 'Ada', email.replace('example.com', 'Example.COM'));
    const other = attempt(v2, 'Bob', 'bob@example.com', 'form#other');
    await post(a);
    await post(b);
    expect((await erasePending(env, { email: ` ${email.replace('example.com', 'EXAMPLE.com')} ` })).erased).toHaveLength(2);
    expect([await pendingRows(v1), await pendingRows(v2)]).toEqual([[], []]);
    expect((await record(a.id)).state).toBe('dropped');
    // Positive signal: a lead posted after the erase settles; the erased ones, due sooner, never arrive.
    await post(other);
    await expect.poll(async () => (await logsFor(stubUrl, other.id)).length, settle).toBe(1);
    expect([...(await logsFor(stubUrl, a.id)), ...(await logsFor(stubUrl, b.id))]).toHaveLength(0);
  });

  it("erases pending attempts whatever the case of the e-mail's local part, as the dead-letter scan does", async () => {
    const local = `Case.${nanoid(6).toLowerCase()}`;
    const [v1, v2] = [nanoid(), nanoid()];
    const typed = attempt(v1, 'Ada', `${local}@example.com`);
    const lower = attempt(v2, 'Ada', `${local.toLowerCase()}@example.com`);
    await post(typed);
    await post(lower);
    const { erased } = await erasePending(env, { email: `${local.toUpperCase()}@example.com` });
    expect(erased.sort()).toEqual([typed.id, lower.id].sort());
    expect([await pendingRows(v1), await pendingRows(v2)]).toEqual([[], []]);
  });

  it('POST /admin/erase reaches attempts still held for merging, and names them', async () => {
    const email = `held.${nanoid(6).toLowerCase()}@example.com`;
    const visit = nanoid();
    const held = attempt(visit, 'Ada', email);
    const other = attempt(nanoid(), 'Bob', `bob.${nanoid(6).toLowerCase()}@example.com`);
    await post(held);
    const res = await exports.default.fetch('https://beacon.example.net/admin/erase', {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdefgh', 'content-type': 'application/json' },
      body: JSON.stringify({ email: email.replace('example.com', 'EXAMPLE.COM') }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ removed: { deadLetters: [], pendingLeads: [held.id] }, inFlight: [] });
    expect(await pendingRows(visit)).toEqual([]);
    // Positive signal: a lead posted after the erase settles; the erased one, due sooner, never arrives.
    await post(other);
    await expect.poll(async () => (await logsFor(stubUrl, other.id)).length, settle).toBe(1);
    expect(await logsFor(stubUrl, held.id)).toHaveLength(0);
  });

  it('keeps a settled lead when the queue refuses it, and sends it on a later alarm', { timeout: 20_000 }, async () => {
    const visit = nanoid();
    const stub = visitStub(visit);
    const c = attempt(visit, 'Ada');
    let refused = 0;
    // The object's env is swapped for one whose queue refuses every send.
    const down = {
      send: async () => {
        refused++;
        throw new Error('queue down');
      },
    };
    await runInDurableObject(stub, (instance: Visit) => {
      (instance as unknown as { env: unknown }).env = { ...env, CAPTURE_QUEUE: down };
    });
    expect((await post(c)).status).toBe(202);
    await expect.poll(() => refused, settle).toBeGreaterThanOrEqual(1);
    const alarm = await runInDurableObject(stub, async (instance: Visit, state) => {
      (instance as unknown as { env: typeof env }).env = env;
      return state.storage.getAlarm();
    });
    expect(alarm).toBeGreaterThan(Date.now() + 30_000);
    expect((await pendingRows(visit)).map((r) => r.id)).toEqual([c.id]);
    // A minute passes: the lead is due again, and the queue is back.
    await runInDurableObject(stub, (_i: Visit, state) => void state.storage.sql.exec('UPDATE leads SET due_at = ?', Date.now()));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await expect.poll(async () => (await logsFor(stubUrl, c.id)).length, settle).toBe(1);
  });
});

// Erasing a person's held attempts: erase leaves the visit and index objects usable, a lead the visit is handing to
// the queue at that moment is reported as in flight, and an attempt indexed while an erase runs stays findable.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { nanoid } from 'nanoid';
import { describe, expect, inject, it } from 'vitest';
import type { CaptureInput } from '../../worker/ingest/capture';
import type { CaptureRecord } from '../../worker/ledger';
import type { PendingIndex } from '../../worker/merge/erase';
import type { Visit } from '../../worker/merge/visit';
import { capture, logsFor, post } from './helpers';

const stubUrl = inject('stubUrl');
const settle = { timeout: 15_000, interval: 50 };
const ADMIN = { authorization: 'Bearer test-admin-token-0123456789abcdefgh', 'content-type': 'application/json' };

const uniqueEmail = (tag: string) =>
  `${tag}.${nanoid(8)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}@example.com`;

function attempt(visit: string, email: string, name = 'Ada'): CaptureInput {
  return capture({
    visit,
    form: { id: 'demo', key: 'form#demo' },
    fields: [
      { name: 'email', value: email, type: 'email' },
      { name: 'full_name', value: name, autocomplete: 'name' },
    ],
  });
}

interface EraseAnswer {
  removed: { deadLetters: string[]; pendingLeads: string[] };
  inFlight: string[];
}

async function erase(email: string): Promise<{ status: number; body: EraseAnswer }> {
  const res = await exports.default.fetch('https://beacon.example.net/admin/erase', { method: 'POST', headers: ADMIN, body: JSON.stringify({ email }) });
  return { status: res.status, body: (await res.json()) as EraseAnswer };
}

async function record(id: string): Promise<CaptureRecord & { reason?: string }> {
  return (await exports.default.fetch(`https://beacon.example.net/admin/captures/${id}`, { headers: ADMIN })).json();
}

const visitStub = (visit: string) => env.VISITS.get(env.VISITS.idFromName(visit));
const indexStub = (email: string) => env.PENDING_INDEX.get(env.PENDING_INDEX.idFromName(`email:${email}`));
const heldIds = (visit: string) =>
  runInDurableObject(visitStub(visit), (_i: Visit, state) =>
    state.storage.sql
      .exec<{ id: string }>('SELECT id FROM leads')
      .toArray()
      .map((r) => r.id),
  );
const indexed = async (email: string) => (await indexStub(email).entries()).map((e) => e.visit);

describe('erase leaves the service working for the same person', () => {
  it('holds the next attempt after an erase, and a second erase removes it too', async () => {
    const email = uniqueEmail('again');
    const visit = nanoid();
    const first = attempt(visit, email);
    expect((await post(first)).status).toBe(202);
    const once = await erase(email);
    expect(once).toEqual({ status: 200, body: { removed: { deadLetters: [], pendingLeads: [first.id] }, inFlight: [] } });
    expect(await heldIds(visit)).toEqual([]);
    expect(await indexed(email)).toEqual([]);

    // The same person tries again in the same visit: held and indexed, not refused.
    const next = attempt(visit, email, 'Ada Lovelace');
    expect((await post(next)).status).toBe(202);
    expect(await heldIds(visit)).toEqual([next.id]);
    expect(await indexed(email)).toEqual([visit]);
    expect((await record(next.id)).state).toBe('held');

    const twice = await erase(email);
    expect(twice).toEqual({ status: 200, body: { removed: { deadLetters: [], pendingLeads: [next.id] }, inFlight: [] } });
    expect(await heldIds(visit)).toEqual([]);
    expect((await record(next.id)).state).toBe('dropped');
  });
});

/** A queue for one visit object whose sends wait until the test lets them go, then pass or fail. */
function heldQueue() {
  const gate = { asked: [] as string[], outcome: null as null | 'send' | 'refuse' };
  const queue = {
    send: async (job: { captureId: string }, options?: QueueSendOptions) => {
      gate.asked.push(job.captureId);
      while (!gate.outcome) await new Promise((r) => setTimeout(r, 10));
      if (gate.outcome === 'refuse') throw new Error('queue down');
      return env.CAPTURE_QUEUE.send(job as never, options);
    },
  };
  return { gate, queue };
}

async function useQueue(visit: string, queue: unknown): Promise<void> {
  await runInDurableObject(visitStub(visit), (instance: Visit) => {
    (instance as unknown as { env: unknown }).env = { ...env, CAPTURE_QUEUE: queue };
  });
}

describe('an erase that meets a lead on its way to the queue', () => {
  it('answers it as in flight, not removed, and the ledger shows it delivered once the send goes through', async () => {
    const email = uniqueEmail('inflight');
    const visit = nanoid();
    const { gate, queue } = heldQueue();
    await useQueue(visit, queue);
    const a = attempt(visit, email);
    expect((await post(a)).status).toBe(202);
    await expect.poll(() => gate.asked, settle).toEqual([a.id]);

    const during = await erase(email);
    expect(during).toEqual({ status: 200, body: { removed: { deadLetters: [], pendingLeads: [] }, inFlight: [a.id] } });
    expect(await heldIds(visit)).toEqual([]);

    gate.outcome = 'send';
    await expect.poll(async () => (await logsFor(stubUrl, a.id)).length, settle).toBe(1);
    await expect.poll(async () => (await record(a.id)).state, settle).toBe('delivered');
  });

  it('drops it, never to be sent again, when the queue refuses the send the erase overlapped', async () => {
    const email = uniqueEmail('refused');
    const visit = nanoid();
    const { gate, queue } = heldQueue();
    await useQueue(visit, queue);
    const a = attempt(visit, email);
    await post(a);
    await expect.poll(() => gate.asked, settle).toEqual([a.id]);
    expect((await erase(email)).body.inFlight).toEqual([a.id]);

    gate.outcome = 'refuse';
    await expect.poll(async () => (await record(a.id)).state, settle).toBe('dropped');
    expect(await heldIds(visit)).toEqual([]);
    // No retry is scheduled for it: the object's alarm is only the seen ids' expiry, days away.
    const alarm = await runInDurableObject(visitStub(visit), (_i: Visit, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now() + 864e5);
    expect(gate.asked).toEqual([a.id]);
  });

  it('never sends a lead erased while the same alarm was sending another lead of the visit', async () => {
    const [ada, bob] = [uniqueEmail('first'), uniqueEmail('second')];
    const visit = nanoid();
    const { gate, queue } = heldQueue();
    await useQueue(visit, queue);
    const first = attempt(visit, ada);
    const second = { ...attempt(visit, bob, 'Bob'), form: { id: 'other', key: 'form#other' } };
    await post(first);
    await post(second);
    // Both due in one alarm, the first one first.
    await runInDurableObject(visitStub(visit), async (_i: Visit, state) => {
      state.storage.sql.exec('UPDATE leads SET due_at = CASE id WHEN ? THEN 1 ELSE 2 END', first.id);
      await state.storage.setAlarm(Date.now());
    });
    await expect.poll(() => gate.asked, settle).toEqual([first.id]);
    expect((await erase(bob)).body.removed.pendingLeads).toEqual([second.id]);

    gate.outcome = 'send';
    await expect.poll(async () => (await record(first.id)).state, settle).toBe('delivered');
    expect(gate.asked).toEqual([first.id]);
    expect(await logsFor(stubUrl, second.id)).toHaveLength(0);
    expect((await record(second.id)).state).toBe('dropped');
  });
});

describe('the per-person index under an erase', () => {
  it('keeps a visit listed when the person is held there again between an erase reading the index and clearing it', async () => {
    const email = uniqueEmail('race');
    const [v1, v2] = [nanoid(), nanoid()];
    await post(attempt(v1, email));
    const index = indexStub(email);
    // An erase's steps, one at a time: read the index, erase the visits it names, then clear what it read.
    const read = await index.entries();
    expect(read.map((e) => e.visit)).toEqual([v1]);
    expect((await visitStub(v1).erase({ email })).erased).toHaveLength(1);
    const again = attempt(v1, email, 'Ada Lovelace');
    const elsewhere = attempt(v2, email);
    expect((await post(again)).status).toBe(202);
    expect((await post(elsewhere)).status).toBe(202);
    await index.remove(read);

    expect((await indexed(email)).sort()).toEqual([v1, v2].sort());
    const next = await erase(email);
    expect(next.body.removed.pendingLeads.sort()).toEqual([again.id, elsewhere.id].sort());
    expect([await heldIds(v1), await heldIds(v2)]).toEqual([[], []]);
  });

  it('wipes an index left with nothing, and the next attempt of that person lists its visit again', async () => {
    const email = uniqueEmail('wiped');
    const visit = nanoid();
    await post(attempt(visit, email));
    await erase(email);
    const keys = await runInDurableObject(indexStub(email), (_i: PendingIndex, state) => state.storage.sql.exec('SELECT name FROM sqlite_master').toArray());
    expect(keys).toEqual([]);
    await post(attempt(visit, email));
    expect(await indexed(email)).toEqual([visit]);
  });
});

describe('a visit object wiped once its seen ids expire', () => {
  it('holds the next attempt in a fresh table instead of refusing it', async () => {
    const email = uniqueEmail('expired');
    const visit = nanoid();
    await post(attempt(visit, email));
    await erase(email);
    // Seven days pass: the seen ids expire, and the alarm wipes the object.
    await runInDurableObject(visitStub(visit), (_i: Visit, state) => void state.storage.sql.exec('UPDATE seen SET at = 0'));
    expect(await runDurableObjectAlarm(visitStub(visit))).toBe(true);
    expect(
      await runInDurableObject(visitStub(visit), (_i: Visit, state) => state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray()),
    ).toEqual([]);
    const next = attempt(visit, email);
    expect((await post(next)).status).toBe(202);
    expect(await heldIds(visit)).toEqual([next.id]);
  });
});

// The ledger Durable Object: states only move forward, a replay is the one way back, counters add up, and
// captures past the 30-day retention are forgotten by the daily alarm.
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../worker/ledger';

const fresh = () => env.LEDGER.get(env.LEDGER.idFromName(`ledger-test-${Math.random()}`));

describe('ledger', () => {
  it('moves a capture forward only: a late "accepted" or "retrying" cannot undo a delivery', async () => {
    const ledger = fresh();
    await ledger.record('c1', 'accepted');
    await ledger.record('c1', 'retrying', { reason: 'upstream_error', attempts: 1 });
    await ledger.record('c1', 'delivered', { prospectLogId: 'prospectlog_x', attempts: 2 });
    await ledger.record('c1', 'accepted');
    await ledger.record('c1', 'retrying', { attempts: 1 });
    await ledger.record('c1', 'dead_lettered', { reason: 'rejected' });
    expect(await ledger.get('c1')).toMatchObject({ state: 'delivered', prospectLogId: 'prospectlog_x', attempts: 2 });
  });

  it('lets a replay take a dead letter back to accepted', async () => {
    const ledger = fresh();
    await ledger.record('c2', 'dead_lettered', { reason: 'rejected', attempts: 1 });
    await ledger.record('c2', 'accepted');
    expect((await ledger.get('c2'))!.state).toBe('dead_lettered');
    await ledger.record('c2', 'accepted', { reason: 'replayed', replay: true });
    await ledger.record('c2', 'delivered', { prospectLogId: 'prospectlog_y' });
    expect((await ledger.get('c2'))!.state).toBe('delivered');
  });

  it('adds counter batches and totals captures by state and reason', async () => {
    const ledger = fresh();
    await ledger.count({ origin_not_allowed: 2, rate_limited: 1 });
    await ledger.count({ origin_not_allowed: 3 });
    await ledger.record('a', 'delivered');
    await ledger.record('b', 'dropped', { reason: 'honeypot' });
    await ledger.record('c', 'dropped', { reason: 'too_fast' });
    await ledger.record('d', 'dead_lettered', { reason: 'rejected' });
    expect(await ledger.stats()).toEqual({
      accepted: 4,
      byState: { delivered: 1, dropped: 2, dead_lettered: 1 },
      dropped: { honeypot: 1, too_fast: 1 },
      deadLettered: { rejected: 1 },
      refused: { origin_not_allowed: 5, rate_limited: 1 },
    });
  });

  it('counts accepted captures apart from their rows: each once, and a lost row shows as an imbalance', async () => {
    const stub = fresh();
    await stub.record('e', 'accepted');
    await stub.record('e', 'accepted'); // a duplicate post
    await stub.record('e', 'delivered', { prospectLogId: 'prospectlog_e' });
    await stub.record('f', 'accepted');
    await stub.record('f', 'dead_lettered', { reason: 'rejected' });
    await stub.record('f', 'accepted', { reason: 'replayed', replay: true });
    expect(await stub.stats()).toMatchObject({ accepted: 2, byState: { delivered: 1, accepted: 1 } });
    // A row lost behind the ledger's back: the sum of the states no longer meets the count.
    await runInDurableObject(stub, async (_instance: Ledger, state) => {
      state.storage.sql.exec('DELETE FROM captures WHERE id = ?', 'f');
    });
    expect(await stub.stats()).toMatchObject({ accepted: 2, byState: { delivered: 1 } });
  });

  it('forgets captures older than 30 days when its daily alarm runs, and schedules the next', async () => {
    const stub = fresh();
    await stub.record('old', 'delivered');
    await stub.record('new', 'delivered');
    await runInDurableObject(stub, async (instance: Ledger, state) => {
      // Armed when the object started, before any alarm ran.
      expect(await state.storage.getAlarm()).toBeGreaterThan(Date.now());
      state.storage.sql.exec('UPDATE captures SET updated_at = ? WHERE id = ?', Date.now() - 31 * 864e5, 'old');
      await instance.alarm();
      expect(await state.storage.getAlarm()).toBeGreaterThan(Date.now());
    });
    expect(await stub.get('old')).toBeNull();
    expect(await stub.get('new')).not.toBeNull();
    // The forgotten capture leaves the accepted count with its row: the balance still holds.
    expect(await stub.stats()).toMatchObject({ accepted: 1, byState: { delivered: 1 } });
  });
});

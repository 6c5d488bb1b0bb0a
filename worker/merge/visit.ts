// One Durable Object per visit (named by the capture's `visit` key, so the load shards by visit): it holds the
// pending attempts of each form durably, merges them (worker/merge/rule.ts) and enqueues ONE log per lead once no
// attempt came for SETTLE_SECONDS, from its alarm.
import { DurableObject } from 'cloudflare:workers';
import type { DeliveryJob } from '../delivery/job';
import type { Dims } from '../analytics/dims';
import { sendEvent } from '../analytics/count';
import { config } from '../config';
import type { Env } from '../env';
import type { Capture } from '../ingest/capture';
import { buildProspectLog, type BuildContext } from '../ingest/prospect-log';
import { recordState } from '../ledger';
import { log } from '../log';
import { decide, type LeadKey, mergeCaptures } from './rule';

/** BuildContext as stored: a Date does not survive JSON. */
/** What the log is built with at settle time, plus the analytics dimensions its delivery is counted under. */
export type HoldContext = Omit<BuildContext, 'receivedAt'> & { receivedAt: string; dims?: Dims };

interface LeadRow extends Record<string, SqlStorageValue> {
  id: string;
  form_key: string;
  open: number;
  capture: string;
  ctx: string;
  attempt_ids: string;
  email: string | null;
  phone: string | null;
  first_at: number;
  due_at: number;
  sending_at: number | null;
}

/** 7 days: as long as the snippet's outbox may send an attempt again (snippet/send.ts OUTBOX_MAX_AGE); a re-sent
 * attempt that already went into a log is answered from here instead of becoming a second log. Ids only. */
const SEEN_MS = 7 * 864e5;
/** 60 s between tries when the queue refuses a settled lead: it stays held, never dropped. */
const RETRY_MS = 60_000;
/** 15 min: a lead that keeps receiving attempts is still delivered this long after its first one. */
const MAX_HOLD_MS = 15 * 60_000;

/** What an erase found in this visit: leads deleted before delivery, and leads being handed to the queue. */
export interface VisitErased {
  erased: string[];
  inFlight: string[];
}

export class Visit extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** False until the tables exist in this instance's storage: the wipe in schedule() (deleteAll) drops tables too,
   * so the next call after it creates them again rather than failing with "no such table". */
  private ready = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
  }

  private tables(): void {
    if (this.ready) return;
    // attempt_ids: JSON array, first attempt first. open = 1 while later attempts may still merge into it.
    // sending_at: set while the alarm hands the lead to the queue, so an erase meanwhile reports it as in flight.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS leads (id TEXT PRIMARY KEY, form_key TEXT NOT NULL, open INTEGER NOT NULL,
      capture TEXT NOT NULL, ctx TEXT NOT NULL, attempt_ids TEXT NOT NULL, email TEXT, phone TEXT,
      first_at INTEGER NOT NULL, due_at INTEGER NOT NULL, sending_at INTEGER)`);
    // Objects created before the in-flight marker lack the column; SQLite has no ADD COLUMN IF NOT EXISTS.
    const columns = this.sql.exec<{ name: string }>('PRAGMA table_info(leads)').toArray();
    if (!columns.some((c) => c.name === 'sending_at')) this.sql.exec('ALTER TABLE leads ADD COLUMN sending_at INTEGER');
    this.sql.exec('CREATE TABLE IF NOT EXISTS seen (attempt_id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, at INTEGER NOT NULL)');
    this.ready = true;
  }

  private settleMs(): number {
    return config(this.env).SETTLE_SECONDS * 1000;
  }

  /** Holds one accepted attempt; answers the id of the lead (its first attempt) it now belongs to. Written to
   * storage before the answer, so a 202 means the attempt survives a restart. */
  async hold(capture: Capture, ctx: HoldContext, key: LeadKey): Promise<{ lead: string }> {
    this.tables();
    const seen = this.sql.exec<{ lead_id: string }>('SELECT lead_id FROM seen WHERE attempt_id = ?', capture.id).toArray()[0];
    if (seen) return { lead: seen.lead_id };
    const now = Date.now();
    const formKey = capture.form?.key ?? '';
    const pending = this.sql.exec<LeadRow>('SELECT * FROM leads WHERE form_key = ? AND open = 1', formKey).toArray()[0];
    let lead = capture.id;
    if (pending) {
      const ids: string[] = JSON.parse(pending.attempt_ids);
      const prior = { capture: JSON.parse(pending.capture) as Capture, attempts: ids.length, key: keyOf(pending) };
      if (decide(prior, { key, capture }) === 'merge') {
        const merged = mergeCaptures(prior.capture, capture);
        const built = buildProspectLog(merged, { ...ctx, receivedAt: new Date(ctx.receivedAt) });
        const mergedKey = built.ok ? { email: built.identity.email, phoneNumber: built.identity.phoneNumber } : key;
        this.sql.exec(
          'UPDATE leads SET capture = ?, ctx = ?, attempt_ids = ?, email = ?, phone = ?, due_at = ? WHERE id = ?',
          JSON.stringify(merged),
          JSON.stringify(ctx),
          JSON.stringify([...ids, capture.id]),
          mergedKey.email ?? null,
          mergedKey.phoneNumber ?? null,
          Math.min(now + this.settleMs(), pending.first_at + MAX_HOLD_MS),
          pending.id,
        );
        lead = pending.id;
      } else {
        // Another lead: the pending one goes as it is, now (the alarm below), before this one settles.
        this.sql.exec('UPDATE leads SET open = 0, due_at = ? WHERE id = ?', now, pending.id);
      }
    }
    if (lead === capture.id) {
      this.sql.exec(
        'INSERT INTO leads (id, form_key, open, capture, ctx, attempt_ids, email, phone, first_at, due_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?)',
        capture.id,
        formKey,
        JSON.stringify(capture),
        JSON.stringify(ctx),
        JSON.stringify([capture.id]),
        key.email ?? null,
        key.phoneNumber ?? null,
        now,
        now + this.settleMs(),
      );
    }
    this.sql.exec('INSERT INTO seen (attempt_id, lead_id, at) VALUES (?, ?, ?)', capture.id, lead, now);
    await this.schedule();
    return { lead };
  }

  /** The erase hook: deletes the pending leads of this e-mail or phone (normalised, as identity.ts gives them);
   * answers their ids (each a lead's first attempt id). A lead the alarm is handing to the queue right now is
   * deleted too but answered as in flight: it may still reach Architect, and its alarm records what became of it.
   * The e-mail is compared case-insensitively, whole (in JS, as the dead-letter scan compares: SQLite's lower()
   * folds ASCII only). */
  async erase(key: LeadKey): Promise<VisitErased> {
    this.tables();
    const email = key.email?.toLowerCase();
    const rows = this.sql
      .exec<{ id: string; email: string | null; phone: string | null; sending_at: number | null }>('SELECT id, email, phone, sending_at FROM leads')
      .toArray()
      .filter((r) => (email !== undefined && r.email?.toLowerCase() === email) || (key.phoneNumber !== undefined && r.phone === key.phoneNumber));
    const found: VisitErased = { erased: [], inFlight: [] };
    for (const { id, sending_at } of rows) {
      this.sql.exec('DELETE FROM leads WHERE id = ?', id);
      if (sending_at !== null) {
        found.inFlight.push(id);
        continue;
      }
      // Out of the pending count: the lead will never be delivered.
      await recordState(this.env, id, 'dropped', { reason: 'erased' });
      found.erased.push(id);
    }
    await this.schedule();
    return found;
  }

  /** Enqueues every lead whose window has passed; a lead the queue refuses stays, to be tried again. */
  override async alarm(): Promise<void> {
    this.tables();
    const now = Date.now();
    for (const { id } of this.sql.exec<{ id: string }>('SELECT id FROM leads WHERE due_at <= ? ORDER BY due_at', now).toArray()) {
      // Read again at its turn: while an earlier lead's send was awaited, this one may have been erased or merged.
      const row = this.sql.exec<LeadRow>('SELECT * FROM leads WHERE id = ?', id).toArray()[0];
      if (!row) continue;
      // Sealed before the send: an attempt arriving while the queue is awaited starts a new lead rather than
      // merging into a row about to be deleted.
      this.sql.exec('UPDATE leads SET open = 0 WHERE id = ?', row.id);
      if (!(await this.deliver(row))) this.sql.exec('UPDATE leads SET open = 0, due_at = ?, sending_at = NULL WHERE id = ?', now + RETRY_MS, row.id);
    }
    this.sql.exec('DELETE FROM seen WHERE at < ?', now - SEEN_MS);
    await this.schedule();
  }

  /** Hands one lead to the queue; false when it is to be tried again (the queue refused it, or our config is bad). */
  private async deliver(row: LeadRow): Promise<boolean> {
    const capture = JSON.parse(row.capture) as Capture;
    const ctx = JSON.parse(row.ctx) as HoldContext;
    const ids: string[] = JSON.parse(row.attempt_ids);
    const built = buildProspectLog(capture, { ...ctx, receivedAt: new Date(ctx.receivedAt) });
    if (!built.ok) {
      // Only our own config can get here (every attempt was built once at ingest): keep it until it is fixed.
      log('config.invalid', { captureId: row.id, reason: built.reason });
      return false;
    }
    const request = { ...built.request, payload: { ...built.request.payload, attempts: ids.length, attemptIds: ids } };
    const { dims } = ctx;
    const job: DeliveryJob = { v: 1, captureId: row.id, receivedAt: ctx.receivedAt, request, dims };
    // In flight from here until the send settles (a crash in between leaves the mark: it may have been sent).
    this.sql.exec('UPDATE leads SET sending_at = ? WHERE id = ?', Date.now(), row.id);
    try {
      await this.env.CAPTURE_QUEUE.send(job, { contentType: 'json' });
    } catch (err) {
      if (!this.held(row.id)) {
        // Erased while the queue was refusing it: never sent, so it is dropped, as an erase of a held lead is.
        await recordState(this.env, row.id, 'dropped', { reason: 'erased' });
        return true;
      }
      log('visit.retry', { captureId: row.id, error: String(err).slice(0, 200) });
      return false;
    }
    // Sent, then deleted: a crash in between sends it again with the same idempotency key, which Architect dedupes.
    this.sql.exec('DELETE FROM leads WHERE id = ?', row.id);
    log('visit.settled', { captureId: row.id, attempts: ids.length });
    // One lead, one submission in the funnel, however many attempts it merged (keyed: a re-run counts once).
    if (dims) await sendEvent(this.env, { v: 1, t: Date.now(), k: `submission:${row.id}`, rows: [{ d: dims, c: { submissions: 1 } }] });
    await recordState(this.env, row.id, 'accepted');
    return true;
  }

  private held(id: string): boolean {
    return this.sql.exec('SELECT 1 FROM leads WHERE id = ?', id).toArray().length > 0;
  }

  /** The alarm at the earliest due lead, else at the seen ids' expiry; an object with nothing left is wiped. */
  private async schedule(): Promise<void> {
    const next = this.sql.exec<{ at: number | null }>('SELECT min(due_at) AS at FROM leads').one().at;
    const oldest = this.sql.exec<{ at: number | null }>('SELECT min(at) AS at FROM seen').one().at;
    if (next !== null) await this.ctx.storage.setAlarm(next);
    else if (oldest !== null) await this.ctx.storage.setAlarm(oldest + SEEN_MS);
    else {
      await this.ctx.storage.deleteAll();
      this.ready = false;
    }
  }
}

function keyOf(row: LeadRow): LeadKey {
  return { email: row.email ?? undefined, phoneNumber: row.phone ?? undefined };
}

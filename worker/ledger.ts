// The ledger: where every capture is (held, accepted, retrying, delivered, merged, dead-lettered, dropped) and counters of
// what was refused. One SQLite-backed Durable Object, so every count is exact and every update serialised.
import { DurableObject } from 'cloudflare:workers';
import type { Env } from './env';
import { log } from './log';

/** held: waiting in its visit's Durable Object for the settle window (worker/merge/visit.ts); merged: a later attempt
 * that went into the log of an earlier one (`mergedInto`), so the balance is accepted = delivered + merged +
 * dead_lettered + dropped + pending (held, accepted, retrying). */
export type CaptureState = 'held' | 'accepted' | 'retrying' | 'delivered' | 'merged' | 'dead_lettered' | 'dropped';

export interface CaptureRecord {
  id: string;
  state: CaptureState;
  reason: string | null;
  attempts: number;
  prospectLogId: string | null;
  /** For a merged attempt: the id of the first attempt, whose log (pb_<id>) it went into. */
  mergedInto: string | null;
  acceptedAt: number;
  updatedAt: number;
}

export interface RecordDetail {
  reason?: string;
  attempts?: number;
  prospectLogId?: string;
  mergedInto?: string;
  /** A replayed dead letter: the one move back, to accepted. */
  replay?: boolean;
}

/** The one ledger object every part of the worker writes to. */
export function ledger(env: Env) {
  return env.LEDGER.get(env.LEDGER.idFromName('ledger'));
}

/** Records a capture's state for every writer (ingest, the consumer, a replay): bookkeeping never stands in the
 * way of a capture, so a failed write is logged and let go. Ingest hands the promise to waitUntil. */
export async function recordState(env: Env, id: string, state: CaptureState, detail: RecordDetail = {}): Promise<void> {
  try {
    await ledger(env).record(id, state, detail);
  } catch (err) {
    log('ledger.failed', { captureId: id, error: String(err).slice(0, 200) });
  }
}

/** Refusals counted in this isolate since the last write to the ledger. */
const refusals: Record<string, number> = {};
let nextWrite = 0;
/** 10 s: a flood of refused requests costs one ledger write per isolate per 10 s, not one each. */
const REFUSAL_WRITE_MS = 10_000;

/** Counts a refusal (403, 413, 429, …). Batched per isolate, so the counters are close, not exact: a count still
 * in an isolate that is evicted is lost. Capture states (accepted, delivered, …) are exact; these are not. */
export function countRefusal(env: Env, ctx: ExecutionContext, code: string): void {
  refusals[code] = (refusals[code] ?? 0) + 1;
  if (Date.now() < nextWrite) return;
  nextWrite = Date.now() + REFUSAL_WRITE_MS;
  const batch = { ...refusals };
  for (const k of Object.keys(refusals)) delete refusals[k];
  ctx.waitUntil(
    ledger(env)
      .count(batch)
      .catch((err: unknown) => log('ledger.failed', { code, error: String(err).slice(0, 200) })),
  );
}

/** A state only moves forward; a replayed dead letter is the one way back (to accepted). */
const RANK: Record<CaptureState, number> = { held: 0, accepted: 1, retrying: 2, delivered: 3, merged: 3, dead_lettered: 3, dropped: 3 };
const FINAL = 3;
/** 30 days: long enough to answer "where is the lead from last week", short enough to hold no personal data
 * (the ledger holds ids, states and reasons only). */
const RETENTION_MS = 30 * 864e5;

export class Ledger extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS captures (
      id TEXT PRIMARY KEY, state TEXT NOT NULL, reason TEXT, attempts INTEGER NOT NULL DEFAULT 0,
      prospect_log_id TEXT, accepted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`);
    // Ledgers created before attempts merged lack the column; SQLite has no ADD COLUMN IF NOT EXISTS.
    if (
      !this.sql
        .exec<{ name: string }>('PRAGMA table_info(captures)')
        .toArray()
        .some((c) => c.name === 'merged_into')
    ) {
      this.sql.exec('ALTER TABLE captures ADD COLUMN merged_into TEXT');
    }
    this.sql.exec('CREATE INDEX IF NOT EXISTS captures_updated ON captures (updated_at)');
    this.sql.exec('CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    // Captures the ledger took in, counted apart from their rows: stats() reports it beside the rows by state, so a
    // state that goes missing shows as an imbalance instead of shrinking both sides of the sum alike.
    this.sql.exec('CREATE TABLE IF NOT EXISTS totals (name TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    // The daily retention alarm, armed once per object rather than checked on every write.
    void ctx.blockConcurrencyWhile(async () => {
      if ((await ctx.storage.getAlarm()) === null) await ctx.storage.setAlarm(Date.now() + 864e5);
    });
  }

  /** Moves a capture to `state`, unless it is already further along (a duplicate post, a late retry). */
  async record(id: string, state: CaptureState, detail: RecordDetail = {}): Promise<void> {
    const now = Date.now();
    const row = this.sql.exec<{ state: CaptureState }>('SELECT state FROM captures WHERE id = ?', id).toArray()[0];
    // Never backwards, and a final state is final; a replay may do either.
    if (row && !detail.replay && (RANK[row.state] === FINAL || RANK[state] < RANK[row.state])) return;
    if (!row) this.addAccepted(1);
    this.sql.exec(
      `INSERT INTO captures (id, state, reason, attempts, prospect_log_id, merged_into, accepted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, reason = excluded.reason,
         attempts = max(captures.attempts, excluded.attempts), prospect_log_id = coalesce(excluded.prospect_log_id, captures.prospect_log_id),
         merged_into = coalesce(excluded.merged_into, captures.merged_into), updated_at = excluded.updated_at`,
      id,
      state,
      detail.reason ?? null,
      detail.attempts ?? 0,
      detail.prospectLogId ?? null,
      detail.mergedInto ?? null,
      now,
      now,
    );
  }

  private addAccepted(n: number): void {
    this.sql.exec("INSERT INTO totals (name, n) VALUES ('accepted', ?) ON CONFLICT (name) DO UPDATE SET n = n + excluded.n", n);
  }

  /** Adds to the counters of things refused at the door (403, 413, 429, …), where no capture id can be trusted. */
  async count(batch: Record<string, number>): Promise<void> {
    for (const [name, n] of Object.entries(batch)) {
      this.sql.exec('INSERT INTO counters (name, n) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET n = n + excluded.n', name, n);
    }
  }

  async get(id: string): Promise<CaptureRecord | null> {
    const row = this.sql
      .exec<{
        id: string;
        state: CaptureState;
        reason: string | null;
        attempts: number;
        prospect_log_id: string | null;
        merged_into: string | null;
        accepted_at: number;
        updated_at: number;
      }>('SELECT * FROM captures WHERE id = ?', id)
      .toArray()[0];
    return row
      ? {
          id: row.id,
          state: row.state,
          reason: row.reason,
          attempts: row.attempts,
          prospectLogId: row.prospect_log_id,
          mergedInto: row.merged_into,
          acceptedAt: row.accepted_at,
          updatedAt: row.updated_at,
        }
      : null;
  }

  /** Totals: captures taken in (counted apart from their rows, see `totals`), captures by state, drops and dead
   * letters by reason, refusals by code. */
  async stats() {
    const byState: Record<string, number> = {};
    for (const r of this.sql.exec<{ state: string; n: number }>('SELECT state, count(*) AS n FROM captures GROUP BY state')) byState[r.state] = r.n;
    const reasons = (state: CaptureState) => {
      const out: Record<string, number> = {};
      for (const r of this.sql.exec<{ reason: string; n: number }>('SELECT reason, count(*) AS n FROM captures WHERE state = ? GROUP BY reason', state))
        out[r.reason ?? 'unknown'] = r.n;
      return out;
    };
    const refused: Record<string, number> = {};
    for (const r of this.sql.exec<{ name: string; n: number }>('SELECT name, n FROM counters')) refused[r.name] = r.n;
    const accepted = this.sql.exec<{ n: number }>("SELECT n FROM totals WHERE name = 'accepted'").toArray()[0]?.n ?? 0;
    return { accepted, byState, dropped: reasons('dropped'), deadLettered: reasons('dead_lettered'), refused };
  }

  /** Daily: forget captures older than the retention period. */
  override async alarm(): Promise<void> {
    const before = Date.now() - RETENTION_MS;
    const forgotten = this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM captures WHERE updated_at < ?', before).one().n;
    this.sql.exec('DELETE FROM captures WHERE updated_at < ?', before);
    // What is forgotten leaves the count too: the balance holds over the captures the ledger still holds.
    this.addAccepted(-forgotten);
    await this.ctx.storage.setAlarm(Date.now() + 864e5);
  }
}

// The erase path for held attempts: an index from a person's normalised e-mail / phone to the visits that hold
// their pending attempts (one small Durable Object per identity), and the one call an erase route makes.
import { DurableObject } from 'cloudflare:workers';
import { config } from '../config';
import type { Env } from '../env';
import { normalizeEmail, normalizePhone } from '../ingest/identity';
import { log } from '../log';
import type { LeadKey } from './rule';
import { visitObject } from './hold';

/** 24 h: far past the longest a visit holds an attempt (15 min, plus queue-refusal retries); a visit listed here that
 * no longer holds anything costs one no-op call at erase time. */
const INDEX_MS = 864e5;

/** The index object of one identity. idFromName is a one-way derivation and the name is stored nowhere, so the
 * e-mail or phone never becomes a readable key. */
function indexObjects(env: Env, key: LeadKey) {
  // The e-mail lower-cased whole: normalizeEmail keeps the local part's case, but an erase of "ada@…" must reach
  // attempts typed "Ada@…" (README, "Privacy": compared case-insensitively, as the dead-letter scan does).
  const names = [key.email && `email:${key.email.toLowerCase()}`, key.phoneNumber && `phone:${key.phoneNumber}`].filter((n): n is string => Boolean(n));
  return names.map((name) => env.PENDING_INDEX.get(env.PENDING_INDEX.idFromName(name)));
}

/** Notes that `visit` holds attempts of this person. Awaited with the hold, so an accepted attempt is findable. */
export async function indexVisit(env: Env, key: LeadKey, visit: string): Promise<void> {
  await Promise.all(indexObjects(env, key).map((o) => o.add(visit)));
}

/** What an erase found in the visits holding a person's attempts: `erased`, deleted before delivery (never sent);
 * `inFlight`, being handed to the delivery queue at that moment (deleted here too, but it may reach Architect). */
export interface PendingErased {
  erased: string[];
  inFlight: string[];
}

/** Deletes every pending attempt of this e-mail and/or phone (as a person writes them; normalised here) in every
 * visit that holds one; answers the lead ids (each a lead's first attempt id). Delivered logs are Architect's to erase. */
export async function erasePending(env: Env, raw: { email?: string; phone?: string }): Promise<PendingErased> {
  const key: LeadKey = {
    email: raw.email ? normalizeEmail(raw.email) : undefined,
    phoneNumber: raw.phone ? normalizePhone(raw.phone, config(env).DEFAULT_PHONE_REGION) : undefined,
  };
  const found: PendingErased = { erased: [], inFlight: [] };
  for (const index of indexObjects(env, key)) {
    const entries = await index.entries();
    for (const { visit } of entries) {
      const r = await visitObject(env, visit).erase(key);
      found.erased.push(...r.erased);
      found.inFlight.push(...r.inFlight);
    }
    // Only the entries read above, as they were read: a visit indexed (or indexed again) since then holds an attempt
    // this erase may not have seen, so it stays listed for the next erase.
    await index.remove(entries);
  }
  log('visit.erased', { leads: found.erased.length, inFlight: found.inFlight.length });
  return found;
}

/** One index row: a visit, and when it was last indexed (the row's version; see add()). */
export interface IndexEntry {
  visit: string;
  at: number;
}

export class PendingIndex extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** False until the table exists in this instance's storage: deleteAll() drops tables too, so after a wipe the
   * next call creates it again rather than failing with "no such table". */
  private ready = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
  }

  private table(): SqlStorage {
    if (!this.ready) this.sql.exec('CREATE TABLE IF NOT EXISTS visits (visit TEXT PRIMARY KEY, at INTEGER NOT NULL)');
    this.ready = true;
    return this.sql;
  }

  /** Lists `visit`. A visit listed again gets a strictly later `at` (even within one millisecond), so an erase that
   * read the older row does not remove the newer one. */
  async add(visit: string): Promise<void> {
    this.table().exec('INSERT INTO visits (visit, at) VALUES (?, ?) ON CONFLICT (visit) DO UPDATE SET at = max(excluded.at, visits.at + 1)', visit, Date.now());
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + INDEX_MS);
  }

  async entries(): Promise<IndexEntry[]> {
    return this.table().exec<{ visit: string; at: number }>('SELECT visit, at FROM visits').toArray();
  }

  /** Removes these entries if unchanged since they were read; an index with none left is wiped. */
  async remove(entries: IndexEntry[]): Promise<void> {
    const sql = this.table();
    for (const { visit, at } of entries) sql.exec('DELETE FROM visits WHERE visit = ? AND at = ?', visit, at);
    await this.wipeIfEmpty();
  }

  /** Forgets visits past INDEX_MS; an index with none left is wiped. */
  override async alarm(): Promise<void> {
    this.table().exec('DELETE FROM visits WHERE at < ?', Date.now() - INDEX_MS);
    if (!(await this.wipeIfEmpty())) await this.ctx.storage.setAlarm(Date.now() + INDEX_MS);
  }

  private async wipeIfEmpty(): Promise<boolean> {
    if (this.table().exec<{ n: number }>('SELECT count(*) AS n FROM visits').one().n > 0) return false;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.ready = false;
    return true;
  }
}

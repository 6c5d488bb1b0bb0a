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

/** Deletes every pending attempt of this e-mail and/or phone (as a person writes them; normalised here) in every
 * visit that holds one; answers the ids of the pending leads deleted. Delivered logs are Architect's to erase. */
export async function erasePending(env: Env, raw: { email?: string; phone?: string }): Promise<string[]> {
  const key: LeadKey = {
    email: raw.email ? normalizeEmail(raw.email) : undefined,
    phoneNumber: raw.phone ? normalizePhone(raw.phone, config(env).DEFAULT_PHONE_REGION) : undefined,
  };
  const erased: string[] = [];
  for (const index of indexObjects(env, key)) {
    for (const visit of await index.visits()) erased.push(...(await visitObject(env, visit).erase(key)));
    await index.clear();
  }
  log('visit.erased', { leads: erased.length });
  return erased;
}

export class PendingIndex extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec('CREATE TABLE IF NOT EXISTS visits (visit TEXT PRIMARY KEY, at INTEGER NOT NULL)');
  }

  async add(visit: string): Promise<void> {
    this.sql.exec('INSERT INTO visits (visit, at) VALUES (?, ?) ON CONFLICT (visit) DO UPDATE SET at = excluded.at', visit, Date.now());
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + INDEX_MS);
  }

  async visits(): Promise<string[]> {
    return this.sql
      .exec<{ visit: string }>('SELECT visit FROM visits')
      .toArray()
      .map((r) => r.visit);
  }

  async clear(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  /** Forgets visits past INDEX_MS; an index with none left is wiped. */
  override async alarm(): Promise<void> {
    this.sql.exec('DELETE FROM visits WHERE at < ?', Date.now() - INDEX_MS);
    if (this.sql.exec<{ n: number }>('SELECT count(*) AS n FROM visits').one().n === 0) await this.ctx.storage.deleteAll();
    else await this.ctx.storage.setAlarm(Date.now() + INDEX_MS);
  }
}

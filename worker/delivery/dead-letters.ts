// The dead-letter store: captures that can never be delivered as they are, kept in KV for an operator, for
// DEAD_LETTER_TTL_DAYS at most (they hold personal data: README, "Privacy"), deletable one by one or per person.
import * as v from 'valibot';
import { config } from '../config';
import type { Env } from '../env';
import { DeliveryJobSchema } from './job';
import { recordState } from '../ledger';

const PREFIX = 'dl:';

/** The platform's dead-letter queue: wrangler.toml names it as the captures' dead_letter_queue and gives it a
 * consumer; the queue handler recognises its batches by this name (test/worker/config.test.ts checks both agree). */
export const DEAD_LETTER_QUEUE = 'prospect-beacon-dead-letters';

export interface DeadLetter {
  captureId: string;
  reason: string;
  status?: number;
  code?: string;
  attempts: number;
  deadAt: string;
  /** The queued job as it was: replaying it sends the same body with the same idempotencyKey. */
  job: unknown;
}

/** KV refuses an expiration sooner than 60 s ahead. */
const KV_MIN_TTL_S = 60;

export async function putDeadLetter(env: Env, letter: DeadLetter): Promise<void> {
  const ttl = Math.max(KV_MIN_TTL_S, config(env).DEAD_LETTER_TTL_DAYS * 86_400);
  const expiresAt = new Date(Date.now() + ttl * 1000).toISOString();
  await env.DEAD_LETTERS.put(PREFIX + letter.captureId, JSON.stringify({ ...letter, expiresAt }), {
    expirationTtl: ttl,
    metadata: { reason: letter.reason, status: letter.status, deadAt: letter.deadAt, attempts: letter.attempts, expiresAt },
  });
}

/** Removes one dead letter; false when there was none. */
export async function deleteDeadLetter(env: Env, captureId: string): Promise<boolean> {
  if ((await env.DEAD_LETTERS.get(PREFIX + captureId)) === null) return false;
  await env.DEAD_LETTERS.delete(PREFIX + captureId);
  return true;
}

/** Who an erasure request names, normalised as worker/ingest/identity.ts normalises what it delivers. */
export type Person = { email: string } | { phone: string };

/** Deletes every dead letter whose job names this person, and answers their capture ids. Scans the whole store:
 * one KV list per 1,000 dead letters plus one read per dead letter (README, "Privacy"), fine for a store that
 * only ever holds the failures of DEAD_LETTER_TTL_DAYS. */
export async function eraseDeadLetters(env: Env, person: Person): Promise<string[]> {
  const removed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.DEAD_LETTERS.list({ prefix: PREFIX, cursor });
    for (const key of page.keys) {
      const letter = await env.DEAD_LETTERS.get<{ job?: { request?: { email?: unknown; phoneNumber?: unknown } } }>(key.name, 'json');
      const request = letter?.job?.request;
      const hit =
        'email' in person
          ? typeof request?.email === 'string' && request.email.toLowerCase() === person.email.toLowerCase()
          : request?.phoneNumber === person.phone;
      if (!hit) continue;
      await env.DEAD_LETTERS.delete(key.name);
      removed.push(key.name.slice(PREFIX.length));
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return removed;
}

export async function getDeadLetter(env: Env, captureId: string): Promise<DeadLetter | null> {
  return env.DEAD_LETTERS.get<DeadLetter>(PREFIX + captureId, 'json');
}

export async function listDeadLetters(env: Env, cursor?: string) {
  const page = await env.DEAD_LETTERS.list({ prefix: PREFIX, cursor, limit: 100 });
  return {
    deadLetters: page.keys.map((k) => ({
      captureId: k.name.slice(PREFIX.length),
      ...(k.metadata as object | undefined),
      // From KV itself, so letters stored before DEAD_LETTER_TTL_DAYS existed show theirs (none) truthfully.
      expiresAt: k.expiration ? new Date(k.expiration * 1000).toISOString() : null,
    })),
    cursor: page.list_complete ? undefined : page.cursor,
  };
}

export type ReplayResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_replayable' };

/** Puts a dead letter back on the capture queue (same body, same idempotencyKey) and removes it. */
export async function replayDeadLetter(env: Env, captureId: string): Promise<ReplayResult> {
  const letter = await getDeadLetter(env, captureId);
  if (!letter) return { ok: false, reason: 'not_found' };
  const job = v.safeParse(DeliveryJobSchema, letter.job);
  if (!job.success) return { ok: false, reason: 'not_replayable' };
  await env.CAPTURE_QUEUE.send(job.output, { contentType: 'json' });
  await env.DEAD_LETTERS.delete(PREFIX + captureId);
  await recordState(env, job.output.captureId, 'accepted', { reason: 'replayed', replay: true });
  return { ok: true };
}

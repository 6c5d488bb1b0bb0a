// The dead-letter store: captures that can never be delivered as they are, kept in KV for an operator.
import * as v from 'valibot';
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

export async function putDeadLetter(env: Env, letter: DeadLetter): Promise<void> {
  await env.DEAD_LETTERS.put(PREFIX + letter.captureId, JSON.stringify(letter), {
    metadata: { reason: letter.reason, status: letter.status, deadAt: letter.deadAt, attempts: letter.attempts },
  });
}

export async function getDeadLetter(env: Env, captureId: string): Promise<DeadLetter | null> {
  return env.DEAD_LETTERS.get<DeadLetter>(PREFIX + captureId, 'json');
}

export async function listDeadLetters(env: Env, cursor?: string) {
  const page = await env.DEAD_LETTERS.list({ prefix: PREFIX, cursor, limit: 100 });
  return {
    deadLetters: page.keys.map((k) => ({ captureId: k.name.slice(PREFIX.length), ...(k.metadata as object | undefined) })),
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

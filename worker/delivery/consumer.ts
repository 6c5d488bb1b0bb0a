// Queue consumers: deliver each job to Architect (ack / retry with backoff / dead-letter), and file
// what the platform's own dead-letter queue hands over.
import * as v from 'valibot';
import { postProspectLog, type ArchitectResult } from './architect';
import { putDeadLetter } from './dead-letters';
import { config, parseConfig, type Config } from '../config';
import type { Env } from '../env';
import { DeliveryJobSchema } from './job';
import { recordState } from '../ledger';
import { countJob } from '../analytics/count';
import { log } from '../log';

/** Queues' longest retry delay: 12 hours (developers.cloudflare.com/queues/configuration/batching-retries). */
const QUEUES_MAX_DELAY_S = 43_200;

/** Exponential backoff from RETRY_BASE_SECONDS, doubled per attempt, capped; Retry-After wins when given. */
export function retryDelaySeconds(vars: Pick<Config, 'RETRY_BASE_SECONDS' | 'RETRY_MAX_SECONDS'>, attempts: number, retryAfter?: number): number {
  const max = Math.min(vars.RETRY_MAX_SECONDS, QUEUES_MAX_DELAY_S);
  if (retryAfter !== undefined) return Math.min(retryAfter, QUEUES_MAX_DELAY_S);
  const base = vars.RETRY_BASE_SECONDS;
  return Math.min(max, Math.round(base * 2 ** Math.max(0, attempts - 1)));
}

/** 300 s: how long a message waits when the vars are bad, so a fixed deploy resumes soon without the queue spinning.
 * Attempts still count: past max_retries the platform dead-letters the message (filed, replayable), never drops it. */
export const MISCONFIGURED_RETRY_SECONDS = 300;

/** The delay for putting a message back: the configured backoff, or MISCONFIGURED_RETRY_SECONDS while the vars are
 * bad (config.invalid was logged; the dead-letter consumer still files letters then, so it needs no vars). */
function retryLater(env: Env, attempts: number): number {
  const parsed = parseConfig(env);
  return parsed.ok ? retryDelaySeconds(parsed.config, attempts) : MISCONFIGURED_RETRY_SECONDS;
}

type Failure = Exclude<ArchitectResult, { ok: true }> | { ok: false; retryable: true; reason: 'missing_api_key' };

async function deadLetter(env: Env, msg: Message<unknown>, captureId: string, why: Failure | { reason: string }): Promise<void> {
  const status = 'status' in why ? why.status : undefined;
  const code = 'code' in why ? why.code : undefined;
  try {
    await putDeadLetter(env, { captureId, reason: why.reason, status, code, attempts: msg.attempts, deadAt: new Date().toISOString(), job: msg.body });
  } catch (err) {
    // The store is down: keep the message on the queue rather than lose it.
    log('delivery.retry', { captureId, reason: 'dead_letter_store_failed', error: String(err).slice(0, 200) });
    msg.retry({ delaySeconds: retryLater(env, msg.attempts) });
    return;
  }
  log('delivery.dead_lettered', { captureId, reason: why.reason, status, code, attempts: msg.attempts });
  await recordState(env, captureId, 'dead_lettered', { reason: why.reason, attempts: msg.attempts });
  await countJob(env, msg.body, 'deadLettered');
  msg.ack();
}

async function deliverOne(env: Env, msg: Message<unknown>): Promise<void> {
  const parsed = v.safeParse(DeliveryJobSchema, msg.body);
  if (!parsed.success) {
    log('delivery.invalid_message', { messageId: msg.id });
    await deadLetter(env, msg, `invalid-${msg.id}`, { reason: 'invalid_message' });
    return;
  }
  const job = parsed.output;
  const vars = config(env);
  const result: ArchitectResult | Failure = env.ARCHITECT_API_KEY
    ? await postProspectLog({ baseUrl: vars.ARCHITECT_API_URL, apiKey: env.ARCHITECT_API_KEY, timeoutMs: vars.ARCHITECT_TIMEOUT_MS }, job.request)
    : { ok: false, retryable: true, reason: 'missing_api_key' };

  if (result.ok) {
    log('delivery.delivered', {
      captureId: job.captureId,
      prospectLogId: result.log.prospectLogId,
      createdProspect: result.log.createdProspect,
      attempts: msg.attempts,
    });
    await recordState(env, job.captureId, 'delivered', { prospectLogId: result.log.prospectLogId, attempts: msg.attempts });
    await countJob(env, job, 'delivered');
    msg.ack();
    return;
  }
  if (!result.retryable || msg.attempts >= vars.MAX_ATTEMPTS) {
    await deadLetter(env, msg, job.captureId, result.retryable ? { ...result, reason: `retries_exhausted:${result.reason}` } : result);
    return;
  }
  const delaySeconds = retryDelaySeconds(vars, msg.attempts, result.reason === 'rate_limited' ? result.retryAfterSeconds : undefined);
  log('delivery.retry', {
    captureId: job.captureId,
    reason: result.reason,
    status: 'status' in result ? result.status : undefined,
    attempts: msg.attempts,
    delaySeconds,
  });
  await recordState(env, job.captureId, 'retrying', { reason: result.reason, attempts: msg.attempts });
  await countJob(env, job, 'retried', msg.attempts);
  msg.retry({ delaySeconds });
}

export async function deliverBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (!parseConfig(env).ok) {
    batch.retryAll({ delaySeconds: MISCONFIGURED_RETRY_SECONDS });
    return;
  }
  await Promise.all(
    batch.messages.map((msg) =>
      deliverOne(env, msg).catch((err: unknown) => {
        // A bug must not lose the message: it goes back on the queue.
        log('delivery.retry', { messageId: msg.id, reason: 'consumer_error', error: String(err).slice(0, 200) });
        msg.retry({ delaySeconds: retryLater(env, msg.attempts) });
      }),
    ),
  );
}

/** Messages the platform gave up on (a consumer that kept crashing): filed as dead letters. */
export async function fileDeadLetterBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  await Promise.all(
    batch.messages.map((msg) => {
      const parsed = v.safeParse(DeliveryJobSchema, msg.body);
      return deadLetter(env, msg, parsed.success ? parsed.output.captureId : `invalid-${msg.id}`, { reason: 'queue_retries_exhausted' });
    }),
  );
}

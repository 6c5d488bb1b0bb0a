// Ingest's door to the visit Durable Objects: which object holds a visit's attempts, and one call to hold an attempt.
import type { Dims } from '../analytics/dims';
import type { Env } from '../env';
import type { Capture } from '../ingest/capture';
import type { Identity } from '../ingest/identity';
import type { BuildContext } from '../ingest/prospect-log';
import { log } from '../log';
import { indexVisit } from './erase';

/** The visit's own object: named by the visit key, so attempts shard by visit and no object sees all traffic. */
export function visitObject(env: Env, visit: string) {
  return env.VISITS.get(env.VISITS.idFromName(visit));
}

export type HoldResult = { ok: true; lead: string } | { ok: false };

/** Holds an accepted attempt in its visit's object; a failure answers ok: false (503), so the snippet keeps the
 * attempt in its outbox and sends it again rather than the worker losing it. */
export async function holdAttempt(env: Env, visit: string, capture: Capture, ctx: BuildContext, identity: Identity, dims?: Dims): Promise<HoldResult> {
  try {
    const key = { email: identity.email, phoneNumber: identity.phoneNumber };
    // The erase index is written with the hold, so every attempt behind a 202 can be found by its person.
    const [{ lead }] = await Promise.all([
      visitObject(env, visit).hold(capture, { ...ctx, receivedAt: ctx.receivedAt.toISOString(), dims }, key),
      indexVisit(env, key, visit),
    ]);
    return { ok: true, lead };
  } catch (err) {
    log('capture.rejected', { captureId: capture.id, code: 'queue_unavailable', error: String(err).slice(0, 200) });
    return { ok: false };
  }
}

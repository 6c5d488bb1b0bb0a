// The one path every capture takes after its route parsed it: spam signals, identity and the Architect body,
// the queue, and the ledger. Both ingest routes (JSON and no-JS form) map its result to their answers.
import { isPlumbing, TOKENS } from '../../common/plumbing';
import type { Capture } from './capture';
import { config } from '../config';
import type { Env } from '../env';
import { sourceFor } from './edge';
import type { DeliveryJob } from '../delivery/job';
import { countRefusal, recordState, type CaptureState, type RecordDetail } from '../ledger';
import { log } from '../log';
import { minimiseCapture } from './minimise';
import { buildProspectLog } from './prospect-log';
import { holdAttempt } from '../merge/hold';
import { spamReason, type DropReason } from './spam';
import { countEvent } from '../analytics/count';
import { captureDims } from '../analytics/dims';

export type IngestResult = { ok: true; id: string; dropped?: DropReason } | { ok: false; reason: 'no_identity' | 'misconfigured' | 'queue_unavailable' };

/** Records in the ledger without holding up the answer. */
function note(env: Env, ctx: ExecutionContext, id: string, state: CaptureState, detail: RecordDetail = {}): void {
  ctx.waitUntil(recordState(env, id, state, detail));
}

/** The capture without framework plumbing (common/plumbing.ts), which the snippet already drops: POST /v1/form and
 * API clients send it too, and nothing of it is held, stored or delivered. */
function withoutPlumbing(capture: Capture): Capture {
  const fields = capture.fields.filter((f) => !isPlumbing(f.name, f.value, f.type) && !TOKENS.test(f.name));
  return fields.length === capture.fields.length ? capture : { ...capture, fields };
}

export async function ingest(received: Capture, req: Request, env: Env, ctx: ExecutionContext, origin: string | null): Promise<IngestResult> {
  const vars = config(env);
  // Before anything is held, stored, counted or sent: only the parts of each URL that may travel, and no plumbing.
  const capture = withoutPlumbing(minimiseCapture(received, vars.KEEP_PARAMS));
  const dropped = await spamReason(capture, env, req.headers.get('cf-connecting-ip'));
  if (dropped) {
    log('capture.dropped', { captureId: capture.id, reason: dropped });
    note(env, ctx, capture.id, 'dropped', { reason: dropped });
    countEvent(env, ctx, captureDims(capture, req, origin), { dropped: 1 }, `dropped:${capture.id}`, [['dropped', dropped]]);
    return { ok: true, id: capture.id, dropped };
  }
  const receivedAt = new Date();
  const buildCtx = {
    defaultSource: sourceFor(env, origin) ?? vars.DEFAULT_SOURCE,
    logType: vars.LOG_TYPE,
    defaultPhoneRegion: vars.DEFAULT_PHONE_REGION,
    receivedAt,
    userAgent: req.headers.get('user-agent')?.slice(0, 500) ?? undefined,
    country: typeof req.cf?.country === 'string' ? req.cf.country : undefined,
  };
  const built = buildProspectLog(capture, buildCtx);
  if (!built.ok) {
    switch (built.reason) {
      case 'no_identity':
        log('capture.rejected', { captureId: capture.id, code: 'no_identity' });
        countRefusal(env, ctx, 'no_identity');
        return { ok: false, reason: 'no_identity' };
      case 'contract_violation':
        // Only our own config (DEFAULT_SOURCE, SOURCE_BY_ORIGIN, LOG_TYPE) can get here: a 503 keeps the
        // capture in the snippet's outbox until an operator fixes it, instead of losing it.
        log('config.invalid', { captureId: capture.id, path: built.paths.join(',') });
        return { ok: false, reason: 'misconfigured' };
    }
  }
  for (const hint of built.invalidHints) log('capture.invalid_hint', { captureId: capture.id, hint });
  const dims = captureDims(capture, req, origin);
  if (capture.visit) {
    // With a visit key the attempt waits in its visit's Durable Object to merge with the attempts that follow; the
    // lead counts as one submission when it settles there (worker/merge/visit.ts), not once per attempt.
    const held = await holdAttempt(env, capture.visit, capture, buildCtx, built.identity, dims);
    if (!held.ok) return { ok: false, reason: 'queue_unavailable' };
    log('capture.held', { captureId: capture.id, lead: held.lead });
    if (held.lead === capture.id) note(env, ctx, capture.id, 'held');
    else note(env, ctx, capture.id, 'merged', { mergedInto: held.lead });
    return { ok: true, id: capture.id };
  }
  const job: DeliveryJob = { v: 1, captureId: capture.id, receivedAt: receivedAt.toISOString(), request: built.request, dims };
  try {
    await env.CAPTURE_QUEUE.send(job, { contentType: 'json' });
  } catch (err) {
    log('capture.rejected', { captureId: capture.id, code: 'queue_unavailable', error: String(err).slice(0, 200) });
    return { ok: false, reason: 'queue_unavailable' };
  }
  log('capture.accepted', { captureId: capture.id, source: built.request.source });
  note(env, ctx, capture.id, 'accepted');
  countEvent(env, ctx, dims, { submissions: 1 }, `submission:${capture.id}`);
  return { ok: true, id: capture.id };
}

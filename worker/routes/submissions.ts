// POST /v1/submissions: validate one capture, work out the prospect, enqueue the Architect request, answer 202.
import * as v from 'valibot';
import { CaptureSchema, LIMITS } from '../capture';
import type { Env } from '../env';
import { error, json, mediaType, readBody, type IssueOut } from '../http';
import type { DeliveryJob } from '../job';
import { log } from '../log';
import { buildProspectLog } from '../prospect-log';

const ACCEPTED_TYPES = new Set(['text/plain', 'application/json']);

/** valibot issues as `[{ path: "fields.3.value", message }]`, built from v.flatten. */
export function issuesOut(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): IssueOut[] {
  const flat = v.flatten(issues);
  const out: IssueOut[] = (flat.root ?? []).map((message) => ({ path: '', message }));
  for (const [path, messages] of Object.entries(flat.nested ?? {})) {
    if (messages?.[0]) out.push({ path, message: messages[0] });
  }
  return out;
}

export async function handleSubmission(req: Request, env: Env): Promise<Response> {
  if (!ACCEPTED_TYPES.has(mediaType(req))) {
    return error('unsupported_media_type', 'send the capture as text/plain or application/json');
  }
  const body = await readBody(req, LIMITS.bodyBytes);
  if (!body.ok) {
    return body.reason === 'too_large'
      ? error('payload_too_large', `a capture is at most ${LIMITS.bodyBytes} bytes`)
      : error('invalid_body', 'the body is not valid UTF-8', { issues: [{ path: '', message: 'invalid UTF-8' }] });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body.text);
  } catch {
    return error('invalid_body', 'the body is not JSON', { issues: [{ path: '', message: 'not JSON' }] });
  }
  const parsed = v.safeParse(CaptureSchema, raw);
  if (!parsed.success) {
    const issues = issuesOut(parsed.issues);
    log('capture.rejected', { code: 'invalid_body', path: issues[0]?.path });
    return error('invalid_body', 'the capture does not match the wire format', { issues });
  }
  const capture = parsed.output;
  if (capture.bot) {
    // Answered like a success so that a bot learns nothing; nothing is enqueued.
    log('capture.dropped', { captureId: capture.id, reason: 'honeypot' });
    return json({ id: capture.id }, 202);
  }

  const receivedAt = new Date();
  const built = buildProspectLog(capture, {
    defaultSource: env.DEFAULT_SOURCE,
    logType: env.LOG_TYPE,
    defaultPhoneRegion: env.DEFAULT_PHONE_REGION,
    receivedAt,
    userAgent: req.headers.get('user-agent')?.slice(0, LIMITS.text) ?? undefined,
    country: typeof req.cf?.country === 'string' ? req.cf.country : undefined,
  });
  if (!built.ok) {
    switch (built.reason) {
      case 'no_identity':
        log('capture.rejected', { captureId: capture.id, code: 'no_identity' });
        return error('no_identity', 'no e-mail, phone number, LinkedIn URL or prospect id was found in the fields');
      case 'contract_violation':
        // Only our own config (DEFAULT_SOURCE, LOG_TYPE) can get here: a 503 keeps the capture in the
        // snippet's outbox until an operator fixes it, instead of losing it.
        log('config.invalid', { captureId: capture.id, path: built.paths.join(',') });
        return error('misconfigured', 'the worker is misconfigured; the capture will be retried');
    }
  }

  const job: DeliveryJob = { v: 1, captureId: capture.id, receivedAt: receivedAt.toISOString(), request: built.request };
  try {
    await env.CAPTURE_QUEUE.send(job, { contentType: 'json' });
  } catch (err) {
    log('capture.rejected', { captureId: capture.id, code: 'queue_unavailable', error: String(err).slice(0, 200) });
    return error('queue_unavailable', 'the capture could not be queued; retry later', { headers: { 'retry-after': '5' } });
  }
  log('capture.accepted', { captureId: capture.id, source: built.request.source });
  return json({ id: capture.id }, 202);
}

// POST /v1/submissions: one capture as JSON from the snippet; validated, then the shared ingest path.
import * as v from 'valibot';
import { LIMITS } from '../../common/limits';
import { CaptureSchema } from './capture';
import type { Env } from '../env';
import { error, json, mediaType, readBody, utf8, type IssueOut } from '../http';
import { countRefusal } from '../ledger';
import { ingest } from './pipeline';
import { log } from '../log';

const ACCEPTED_TYPES = new Set(['text/plain', 'application/json']);
/** 8 levels: the capture itself nests 3 deep; anything deeper is not a capture. */
export const MAX_DEPTH = 8;

/** valibot issues as `[{ path: "fields.3.value", message }]`, built from v.flatten. */
export function issuesOut(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): IssueOut[] {
  const flat = v.flatten(issues);
  const out: IssueOut[] = (flat.root ?? []).map((message) => ({ path: '', message }));
  for (const [path, messages] of Object.entries(flat.nested ?? {})) {
    if (messages?.[0]) out.push({ path, message: messages[0] });
  }
  return out;
}

/** How deep JSON text nests, counted outside strings, without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

export async function handleSubmission(req: Request, env: Env, ctx: ExecutionContext, origin: string | null): Promise<Response> {
  const invalid = (message: string, issues: IssueOut[]) => {
    countRefusal(env, ctx, 'invalid_body');
    log('capture.rejected', { code: 'invalid_body', path: issues[0]?.path });
    return error('invalid_body', message, { issues });
  };
  if (!ACCEPTED_TYPES.has(mediaType(req))) return error('unsupported_media_type', 'send the capture as text/plain or application/json');
  const body = await readBody(req, LIMITS.bodyBytes);
  if (!body.ok) {
    countRefusal(env, ctx, 'payload_too_large');
    return error('payload_too_large', `a capture is at most ${LIMITS.bodyBytes} bytes`);
  }
  const text = utf8(body.bytes);
  if (text === null) return invalid('the body is not valid UTF-8', [{ path: '', message: 'invalid UTF-8' }]);
  if (jsonDepth(text) > MAX_DEPTH) return invalid(`the body nests deeper than ${MAX_DEPTH} levels`, [{ path: '', message: 'too deep' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return invalid('the body is not JSON', [{ path: '', message: 'not JSON' }]);
  }
  const parsed = v.safeParse(CaptureSchema, raw);
  if (!parsed.success) return invalid('the capture does not match the wire format', issuesOut(parsed.issues));

  const result = await ingest(parsed.output, req, env, ctx, origin);
  if (result.ok) return json({ id: result.id }, 202);
  switch (result.reason) {
    case 'no_identity':
      return error('no_identity', 'no e-mail, phone number, LinkedIn URL or prospect id was found in the fields');
    case 'misconfigured':
      return error('misconfigured', 'the worker is misconfigured; the capture will be retried');
    case 'queue_unavailable':
      return error('queue_unavailable', 'the capture could not be queued; retry later', { headers: { 'retry-after': '5' } });
  }
}

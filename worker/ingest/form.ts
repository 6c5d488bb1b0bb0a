// POST /v1/form: a plain HTML form posting straight to the worker, no JavaScript (as with Formspree or Basin):
// urlencoded or multipart, the same rules as the snippet applies in the browser, then a 303 back to the site.
import { nanoid } from 'nanoid';
import * as v from 'valibot';
import { SENSITIVE_LATIN, SENSITIVE_SCRIPTS, everyScript, isCardNumber } from '../../common/sensitive';
import { LIMITS } from '../../common/limits';
import { CaptureSchema, type CaptureInput } from './capture';
import type { Env } from '../env';
import { anyOrigin, isAllowed } from './edge';
import { htmlPage, mediaType, readBody, utf8 } from '../http';
import { countRefusal } from '../ledger';
import { ingest } from './pipeline';

/** The never-sent rule in every label language. */
const SENSITIVE = everyScript(SENSITIVE_LATIN, SENSITIVE_SCRIPTS);

/** 256 KiB for multipart: its file parts are read past (never kept); urlencoded has the capture's 32 KiB. */
const MULTIPART_BYTES = 256 * 1024;
/** Form controls that steer the endpoint rather than describe the prospect. */
const CONTROL_FIELDS = new Set(['_next', '_source']);

/** Where to send the visitor: `_next` or the Referer, only when absolute http(s) on an allowed origin. Never
 * anywhere else: not //evil.com, not allowed.com.evil.com, not javascript:, not back-slashed or encoded tricks. */
export function safeRedirect(env: Env, candidate: string | null | undefined): string | undefined {
  if (!candidate || !URL.canParse(candidate)) return undefined; // no base URL: relative and scheme-relative fail here
  const url = new URL(candidate);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  return isAllowed(env, url.origin) ? url.href : undefined;
}

/** Where `_next` may send the visitor. With ALLOWED_ORIGINS="*" every origin is "allowed", so that proves
 * nothing: `_next` must then lead back to the site the form was posted from (the Referer's origin), or the
 * worker shows its own thank-you page. Without `_next`, back to the (allowed) Referer. */
function nextTarget(env: Env, next: string | null, referer: string | undefined): string | undefined {
  const url = safeRedirect(env, next);
  if (!anyOrigin(env)) return url ?? referer;
  if (!next) return referer;
  return url && referer && new URL(url).origin === new URL(referer).origin ? url : undefined;
}

export async function handleForm(req: Request, env: Env, ctx: ExecutionContext, origin: string | null): Promise<Response> {
  const type = mediaType(req);
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    return htmlPage(415, 'Unsupported form', 'This endpoint takes a form posted by a browser (urlencoded or multipart).', 'unsupported_media_type');
  }
  const body = await readBody(req, type === 'multipart/form-data' ? MULTIPART_BYTES : LIMITS.bodyBytes);
  if (!body.ok) {
    countRefusal(env, ctx, 'payload_too_large');
    return htmlPage(413, 'Form too large', 'The form was too large to accept.', 'payload_too_large');
  }
  let data: FormData;
  try {
    // urlencoded must be UTF-8 (what browsers send for a UTF-8 page); multipart may carry binary file parts.
    if (type !== 'multipart/form-data' && utf8(body.bytes) === null) throw new Error('not UTF-8');
    data = await new Response(body.bytes, { headers: { 'content-type': req.headers.get('content-type')! } }).formData();
  } catch {
    countRefusal(env, ctx, 'invalid_body');
    return htmlPage(400, 'Unreadable form', 'The form could not be read.', 'invalid_body');
  }

  // A filled honeypot stays among the fields: the shared spam check (worker/ingest/spam.ts) drops the capture for it.
  const fields: CaptureInput['fields'] = [];
  for (const [name, value] of data) {
    if (typeof value !== 'string' || !value || CONTROL_FIELDS.has(name)) continue; // files are never kept
    // The same rules the snippet applies in the browser: no passwords, card data, ids, tokens.
    if (SENSITIVE.test(name) || isCardNumber(value) || fields.length >= LIMITS.fields) continue;
    fields.push({ name: name.slice(0, LIMITS.fieldName), value: value.slice(0, LIMITS.fieldValue) });
  }
  const referer = safeRedirect(env, req.headers.get('referer'));
  const source = data.get('_source');
  const parsed = v.safeParse(CaptureSchema, {
    v: 1,
    id: nanoid(),
    source: typeof source === 'string' && source ? source : undefined,
    page: { url: referer ?? `${origin}/` },
    form: { action: new URL(req.url).pathname, method: 'post' },
    fields,
    consent: 'unknown',
    ts: Date.now(),
  } satisfies CaptureInput);
  if (!parsed.success) {
    countRefusal(env, ctx, 'invalid_body');
    return htmlPage(400, 'Form not accepted', 'The form could not be accepted as sent.', 'invalid_body');
  }

  const result = await ingest(parsed.output, req, env, ctx, origin);
  if (!result.ok) {
    switch (result.reason) {
      case 'no_identity':
        return htmlPage(422, 'Almost there', 'Please go back and add an e-mail address or a phone number so we can reach you.', 'no_identity');
      case 'misconfigured':
      case 'queue_unavailable':
        return htmlPage(503, 'Please try again', 'Your message could not be sent just now. Please go back and send it again in a minute.', result.reason);
    }
  }
  const next = data.get('_next');
  const target = nextTarget(env, typeof next === 'string' ? next : null, referer);
  if (target) return new Response(null, { status: 303, headers: { location: target, 'referrer-policy': 'no-referrer' } });
  return htmlPage(200, 'Thank you', 'Your message was sent. You can close this page.');
}

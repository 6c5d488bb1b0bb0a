// Small HTTP helpers shared by the routes: JSON answers, error bodies, the worker's small HTML pages, security
// headers, CORS and bounded body reads.

/** Every error the worker answers with, and its status: one place, so codes never drift. */
export const ERRORS = {
  invalid_body: 400,
  unauthorized: 401,
  origin_not_allowed: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  no_identity: 422,
  rate_limited: 429,
  misconfigured: 503,
  queue_unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERRORS;

export interface IssueOut {
  path: string;
  message: string;
}

/** The headers every answer of the worker carries, set in one place: no MIME sniffing, no referrer leaks. */
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/** Sets the security headers on `headers` (and returns them), for answers not built by json() or htmlPage(). */
export function secureHeaders(headers: HeadersInit = {}): Headers {
  const h = new Headers(headers);
  for (const [k, val] of Object.entries(SECURITY_HEADERS)) h.set(k, val);
  return h;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small self-contained page: no script, no outside resource, a CSP that allows nothing else. An error page
 * also names its machine-readable code in `x-error-code`, as the JSON routes do in their body. */
export function htmlPage(status: number, title: string, text: string, code?: string): Response {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1a1a2e}</style></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  const headers = secureHeaders({
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  });
  if (code) headers.set('x-error-code', code);
  return new Response(body, { status, headers });
}

export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  const h = secureHeaders(headers);
  h.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body), { status, headers: h });
}

export function error(code: ErrorCode, message: string, extra: { issues?: IssueOut[]; headers?: HeadersInit } = {}): Response {
  const body = { error: { code, message, ...(extra.issues ? { issues: extra.issues } : {}) } };
  return json(body, ERRORS[code], extra.headers);
}

/** 405 with the Allow header naming what the route takes. */
export function methodNotAllowed(allow: string): Response {
  return error('method_not_allowed', `use ${allow}`, { headers: { allow } });
}

/** Adds CORS headers for an allowed origin; other origins get none, so browsers keep the answer from them. */
export function withCors(res: Response, origin: string | null, allowed: boolean): Response {
  if (!origin || !allowed) return res;
  const out = new Response(res.body, res);
  out.headers.set('access-control-allow-origin', origin);
  out.headers.append('vary', 'Origin');
  return out;
}

export function preflight(origin: string | null, allowed: boolean, methods: string): Response {
  const headers = secureHeaders({ vary: 'Origin' });
  if (origin && allowed) {
    headers.set('access-control-allow-origin', origin);
    headers.set('access-control-allow-methods', methods);
    headers.set('access-control-allow-headers', 'content-type');
    // 86,400 s: one day, the ceiling Firefox applies; Chromium caps at 7,200 s on its own.
    headers.set('access-control-max-age', '86400');
  }
  return new Response(null, { status: 204, headers });
}

export type BodyResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too_large' };

/** Reads at most `limit` bytes, counting as it streams: Content-Length alone is never trusted. */
export async function readBody(req: Request, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return { ok: false, reason: 'too_large' };
  if (!req.body) return { ok: true, bytes: new Uint8Array() };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}

/** The bytes as UTF-8 text, or null when they are not valid UTF-8 (refused, never guessed at). */
export function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** The media type of a request without its parameters, lower-cased. */
export function mediaType(req: Request): string {
  return (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

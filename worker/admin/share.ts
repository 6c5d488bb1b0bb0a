// Read-only share links: POST /admin/api/share (admin token) signs a payload (filters, expiry) with HMAC-SHA-256;
// a request carrying `Authorization: Share <link token>` may then GET the dashboard's routes, with those filters only.
//
// The key: the SHARE_SECRET secret when set (32+ characters), else one derived from ADMIN_TOKEN under a fixed label
// (HMAC(ADMIN_TOKEN, label)), so a stolen link never reveals the admin token. Rotating the secret in use revokes
// every link made with it.
import * as v from 'valibot';
import type { Env } from '../env';
import { error, json, readBody, utf8 } from '../http';
import { log } from '../log';
import { ADMIN_TOKEN_MIN } from './auth';

/** The filters a link can fix: the admin API's own (worker/analytics/query.ts). */
export const SHARE_FILTERS = ['site', 'page', 'form', 'source', 'campaign'] as const;
/** The routes a link may read: the dashboard's figures. Not the install check (it lists every site whatever the
 * filters), not dead letters, erase, replay, stats or share itself: those go on to the Bearer check and are refused. */
const READABLE = new Set(['forms', 'series', 'breakdown', 'pages', 'fields', 'realtime', 'health'].map((r) => `/admin/api/${r}`));
const LABEL = 'prospect-beacon share-link v1';
/** 90 days at most: a forgotten link stops working on its own within a quarter. */
export const SHARE_MAX_DAYS = 90;

const FilterValue = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
// strictObject: an unknown key in a signed payload means a payload this code did not write.
const FiltersSchema = v.strictObject(
  Object.fromEntries(SHARE_FILTERS.map((k) => [k, v.optional(FilterValue)])) as Record<
    (typeof SHARE_FILTERS)[number],
    v.OptionalSchema<typeof FilterValue, undefined>
  >,
);
const PayloadSchema = v.strictObject({ v: v.literal(1), exp: v.pipe(v.number(), v.integer()), f: FiltersSchema });
export type SharePayload = v.InferOutput<typeof PayloadSchema>;
// strictObject: a typo such as {"filter": …} must not make a link without its filters.
const CreateSchema = v.strictObject({
  days: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(SHARE_MAX_DAYS)), 7),
  filters: v.optional(FiltersSchema, {}),
});

const enc = new TextEncoder();
const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
function unb64url(s: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

async function hmacKey(secret: BufferSource): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** The signing key, or null when neither secret is long enough (links are then off, as admin is). */
async function shareKey(env: Env): Promise<CryptoKey | null> {
  if (env.SHARE_SECRET && env.SHARE_SECRET.length >= ADMIN_TOKEN_MIN) return hmacKey(enc.encode(env.SHARE_SECRET));
  if (!env.ADMIN_TOKEN || env.ADMIN_TOKEN.length < ADMIN_TOKEN_MIN) return null;
  const derived = await crypto.subtle.sign('HMAC', await hmacKey(enc.encode(env.ADMIN_TOKEN)), enc.encode(LABEL));
  return hmacKey(derived);
}

/** `<payload>.<signature>`, both base64url: the payload is readable (the console shows the fixed filters), not forgeable. */
export async function signShare(env: Env, payload: SharePayload): Promise<string | null> {
  const key = await shareKey(env);
  if (!key) return null;
  const body = b64url(enc.encode(JSON.stringify(payload)));
  return `${body}.${b64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(body))))}`;
}

/** The payload of a link token whose signature holds and which has not expired, else null. */
export async function verifyShare(env: Env, token: string, now = Date.now()): Promise<SharePayload | null> {
  const [body, sig, extra] = token.split('.');
  const key = await shareKey(env);
  const sigBytes = sig === undefined ? null : unb64url(sig);
  if (!key || !body || !sigBytes || extra !== undefined) return null;
  // crypto.subtle.verify compares in constant time.
  if (!(await crypto.subtle.verify('HMAC', key, sigBytes, enc.encode(body)))) return null;
  const raw = unb64url(body);
  let data: unknown;
  try {
    data = raw && JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return null;
  }
  const parsed = v.safeParse(PayloadSchema, data);
  return parsed.success && parsed.output.exp * 1000 > now ? parsed.output : null;
}

const SHARE_SCHEME = /^share +(\S+) *$/i;

/** A share link's read of a dashboard route, answered with the link's filters in place of the query's; null when the
 * request carries no valid link for a route a link may read (the Bearer check then answers, and refuses it). */
export async function shareRead(req: Request, env: Env, path: string, handle: (req: Request) => Promise<Response>): Promise<Response | null> {
  const m = SHARE_SCHEME.exec(req.headers.get('authorization') ?? '');
  if (!m || req.method !== 'GET' || !READABLE.has(path)) return null;
  const payload = await verifyShare(env, m[1]!);
  if (!payload) return null;
  const url = new URL(req.url);
  // A filter the link fixes overrides the query's; one it leaves open may narrow further (a subset of what it shows).
  for (const [k, val] of Object.entries(payload.f)) if (val !== undefined) url.searchParams.set(k, val);
  return handle(new Request(url, { method: 'GET' }));
}

/** POST /admin/api/share {"days"?, "filters"?} → {"url", "token", "expiresAt", "filters"}; behind the admin token. */
export async function createShare(req: Request, env: Env, path: string): Promise<Response> {
  if (req.method !== 'POST') return error('method_not_allowed', 'use POST', { headers: { allow: 'POST' } });
  const body = await readBody(req, 4096);
  // Too large or not UTF-8 is refused, never read as an empty body (which would make a link without filters).
  if (!body.ok) return error('payload_too_large', 'a share request is at most 4096 bytes');
  const text = utf8(body.bytes);
  if (text === null) return error('invalid_body', 'the body is not UTF-8', { issues: [{ path: '', message: 'not UTF-8' }] });
  let input: unknown;
  try {
    input = text ? JSON.parse(text) : {};
  } catch {
    input = undefined;
  }
  const parsed = v.safeParse(CreateSchema, input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return error('invalid_body', `send {"days": 1-${SHARE_MAX_DAYS}, "filters": {site, page, form, source, campaign}}`, {
      issues: [{ path: where, message: issue.message }],
    });
  }
  const { days, filters } = parsed.output;
  const exp = Math.floor(Date.now() / 1000) + days * 86_400;
  const token = await signShare(env, { v: 1, exp, f: filters });
  if (!token) return error('misconfigured', 'share links need ADMIN_TOKEN or SHARE_SECRET of 32+ characters');
  // The link's own origin and ROUTE_PREFIX: the request's path ends with `path`, the rest before it is the prefix.
  const url = new URL(req.url);
  const base = `${url.origin}${url.pathname.slice(0, url.pathname.length - path.length)}`;
  log('admin.share_created', { days, filters: Object.keys(filters).length });
  // The token rides in the fragment: a browser never sends it in the page request, so no access log keeps it.
  return json({ url: `${base}/admin#share=${token}`, token, expiresAt: new Date(exp * 1000).toISOString(), filters }, 201);
}

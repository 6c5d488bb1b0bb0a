// Who may use the admin routes: a Bearer ADMIN_TOKEN of 32+ characters, compared in constant time, with failed
// attempts counted per IP (ADMIN_RATE_LIMITER).
import type { Env } from '../env';
import { error } from '../http';
import { log } from '../log';

/** 32 characters: below that a token can be guessed or remembered; `npm start` makes a random one. */
export const ADMIN_TOKEN_MIN = 32;
/** Seconds to wait after too many failures: ADMIN_RATE_LIMITER's period (wrangler.toml). */
const RETRY_AFTER = 60;

async function tokenMatches(given: string, expected: string): Promise<boolean> {
  const enc = new TextEncoder();
  // Hash both sides so the comparison is constant-time and length-independent.
  const [a, b] = await Promise.all([crypto.subtle.digest('SHA-256', enc.encode(given)), crypto.subtle.digest('SHA-256', enc.encode(expected))]);
  return crypto.subtle.timingSafeEqual(a, b);
}

let warned = false;

/** null when the request may go on, else the answer. The 401 reads the same whether the token is wrong,
 * missing, too short or unset, so an outsider learns nothing about the deployment. */
export async function authorize(req: Request, env: Env): Promise<Response | null> {
  const expected = env.ADMIN_TOKEN ?? '';
  if (expected && expected.length < ADMIN_TOKEN_MIN && !warned) {
    warned = true;
    log('config.invalid', { setting: 'ADMIN_TOKEN', message: `shorter than ${ADMIN_TOKEN_MIN} characters: admin routes are off` });
  }
  // RFC 9110 §11.1: the scheme is case-insensitive; one or more spaces before the token.
  const m = /^bearer +(\S+) *$/i.exec(req.headers.get('authorization') ?? '');
  // Compared even when admin is off, so the answer's timing does not tell an unset token from a wrong one.
  const matches = await tokenMatches(m?.[1] ?? '', expected);
  if (m && matches && expected.length >= ADMIN_TOKEN_MIN) return null;
  const ip = req.headers.get('cf-connecting-ip') ?? 'unknown';
  const within = env.ADMIN_RATE_LIMITER ? (await env.ADMIN_RATE_LIMITER.limit({ key: `admin:${ip}` })).success : true;
  log('admin.refused', { reason: within ? 'unauthorized' : 'rate_limited' });
  const headers = { 'www-authenticate': 'Bearer', 'cache-control': 'no-store' };
  if (!within) return error('rate_limited', 'too many failed attempts; retry later', { headers: { ...headers, 'retry-after': String(RETRY_AFTER) } });
  return error('unauthorized', 'a valid Bearer token is required', { headers });
}

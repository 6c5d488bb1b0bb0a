// The door: which sites may post (ALLOWED_ORIGINS), and how fast (the Rate Limiting bindings).
import { config } from '../config';
import type { Env } from '../env';
import { log } from '../log';

/** The origin a request comes from: its Origin header, else its Referer's origin (old browsers, some
 * navigations), else null: a request that names no site is no site's. */
export function requestOrigin(req: Request): string | null {
  const origin = req.headers.get('origin');
  if (origin && origin !== 'null') return origin;
  const referer = req.headers.get('referer');
  if (referer && URL.canParse(referer)) return new URL(referer).origin;
  return null;
}

/** ALLOWED_ORIGINS lets every site in (`*`): then an origin being "allowed" proves nothing. */
export const anyOrigin = (env: Env) => env.ALLOWED_ORIGINS.split(',').some((o) => o.trim() === '*');

let warned = false;
/** `*` is for local development; in production it lets any site write into the Architect account. */
export function warnOnWildcard(env: Env, url: URL): void {
  if (warned || !anyOrigin(env)) return;
  if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return;
  warned = true;
  log('config.wildcard_origin', { message: 'ALLOWED_ORIGINS is "*" outside local development' });
}

/** An origin as parsed parts: scheme, host (lower case, IDNA as URL gives it) and port (the scheme's default
 * filled in). Null for anything that is not a bare http(s) origin: userinfo, a path, a query or a fragment. */
function parseOrigin(text: string): { scheme: string; host: string; port: string } | null {
  if (!URL.canParse(text)) return null;
  const u = new URL(text);
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return null;
  // A real Origin header is exactly scheme://host[:port]: anything after it (?.example.com, /x, #) is a forgery.
  if (u.pathname !== '/' || /[?#\\]/.test(text)) return null;
  return { scheme: u.protocol, host: u.hostname, port: u.port || (u.protocol === 'https:' ? '443' : '80') };
}

/** Does `origin` match the ALLOWED_ORIGINS list (exact origins, https://*.example.com, or *)? Both sides are
 * parsed (scheme, host, port compared as parts), never compared as strings: `https://evil.com?.example.com` and
 * `https://example.com.evil.com` match nothing. */
export function originAllowed(origin: string | null, list: string): boolean {
  const o = origin ? parseOrigin(origin) : null;
  if (!o) return false;
  for (const raw of list.split(',')) {
    const entry = raw.trim().replace(/\/+$/, '');
    if (!entry) continue;
    if (entry === '*') return true;
    const wild = entry.includes('://*.');
    const e = parseOrigin(wild ? entry.replace('://*.', '://') : entry);
    if (!e || e.scheme !== o.scheme || e.port !== o.port) continue;
    // A wildcard covers subdomains only (one label or more), never the bare domain: as documented in the README.
    if (wild ? o.host.endsWith(`.${e.host}`) : o.host === e.host) return true;
  }
  return false;
}

export function isAllowed(env: Env, origin: string | null): boolean {
  return originAllowed(origin, env.ALLOWED_ORIGINS);
}

/** The `source` configured for this site in SOURCE_BY_ORIGIN (parsed and checked once, worker/config.ts), if any. */
export function sourceFor(env: Env, origin: string | null): string | undefined {
  const map = config(env).SOURCE_BY_ORIGIN;
  return origin && Object.hasOwn(map, origin) ? map[origin] : undefined;
}

/** Seconds a limited client should wait: the bindings' period (60 s in wrangler.toml). */
export const RATE_LIMIT_RETRY_AFTER = 60;

export type RateCheck = 'ok' | 'rate_limited' | 'misconfigured';

/** The visitor's limit first, then the site's, consulted only for requests the visitor's limit let through: a
 * flood from one client (Origin is forged at will outside a browser) spends its own budget, never the site's.
 * RATE_LIMITS="off" turns both off, for load tests on one machine, where every request has the same IP; with
 * the limits on, a missing binding is a deployment error, answered as such rather than as "no limit". */
export async function withinRateLimits(env: Env, req: Request, origin: string): Promise<RateCheck> {
  if (env.RATE_LIMITS === 'off') return 'ok';
  if (!env.IP_RATE_LIMITER || !env.ORIGIN_RATE_LIMITER) {
    log('config.invalid', { setting: 'RATE_LIMITS', message: 'IP_RATE_LIMITER or ORIGIN_RATE_LIMITER is not bound and RATE_LIMITS is not "off"' });
    return 'misconfigured';
  }
  const ip = req.headers.get('cf-connecting-ip') ?? 'unknown';
  if (!(await env.IP_RATE_LIMITER.limit({ key: `ip:${ip}` })).success) return 'rate_limited';
  return (await env.ORIGIN_RATE_LIMITER.limit({ key: `origin:${origin}` })).success ? 'ok' : 'rate_limited';
}

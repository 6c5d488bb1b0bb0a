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

let warned = false;
/** `*` is for local development; in production it lets any site write into the Architect account. */
export function warnOnWildcard(env: Env, url: URL): void {
  if (warned || !env.ALLOWED_ORIGINS.split(',').some((o) => o.trim() === '*')) return;
  if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return;
  warned = true;
  log('config.wildcard_origin', { message: 'ALLOWED_ORIGINS is "*" outside local development' });
}

/** Does `origin` match the ALLOWED_ORIGINS list (exact origins, https://*.example.com, or *)? */
export function originAllowed(origin: string | null, list: string): boolean {
  if (!origin) return false;
  for (const raw of list.split(',')) {
    const entry = raw.trim().replace(/\/+$/, '');
    if (!entry) continue;
    if (entry === '*' || entry === origin) return true;
    const star = entry.indexOf('://*.');
    if (star > 0) {
      const scheme = entry.slice(0, star + 3);
      const suffix = entry.slice(star + 4); // ".example.com"
      if (origin.startsWith(scheme) && origin.endsWith(suffix) && !origin.slice(scheme.length, -suffix.length).includes('/')) {
        return origin.length > scheme.length + suffix.length;
      }
    }
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

/** True when this request is within both limits: per visitor IP and per site. RATE_LIMITS="off" turns them
 * off, for load tests on one machine, where every request comes from the same IP. */
export async function withinRateLimits(env: Env, req: Request, origin: string): Promise<boolean> {
  if (env.RATE_LIMITS === 'off') return true;
  const ip = req.headers.get('cf-connecting-ip') ?? 'unknown';
  const [byIp, byOrigin] = await Promise.all([
    env.IP_RATE_LIMITER?.limit({ key: `ip:${ip}` }) ?? { success: true },
    env.ORIGIN_RATE_LIMITER?.limit({ key: `origin:${origin}` }) ?? { success: true },
  ]);
  return byIp.success && byOrigin.success;
}

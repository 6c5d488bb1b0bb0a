// The worker's vars (wrangler.toml [vars]), parsed once per isolate by one valibot schema. A bad value makes the
// worker answer `503 misconfigured` naming the var, never fall back to a default in silence.
import { isSupportedCountry } from 'libphonenumber-js/max';
import * as v from 'valibot';
import type { Env } from './env';
import type { IssueOut } from './http';
import { KEBAB_CASE } from './ingest/capture';
import { log } from './log';

/** A whole number in [min, max], written as a string (every var is one). */
const int = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `a whole number from ${min} to ${max}`),
    v.transform(Number),
    v.minValue(min, `a whole number from ${min} to ${max}`),
    v.maxValue(max, `a whole number from ${min} to ${max}`),
  );
/** Architect's `source` and `type`: kebab-case, 1-100 characters (the contract and its newer docs). */
const kebab = v.pipe(v.string(), v.maxLength(100, 'kebab-case, 1-100 characters'), v.regex(KEBAB_CASE, 'kebab-case, 1-100 characters'));
/** A flag spelled the way wrangler.toml spells it, as a boolean. */
const flag = (on: string, off: string) =>
  v.pipe(
    v.picklist([on, off], `"${on}" or "${off}"`),
    v.transform((s) => s === on),
  );
/** An exact origin as browsers send it: scheme://host[:port], no path, no trailing slash. */
const ORIGIN = /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
/** An ALLOWED_ORIGINS entry: an origin, a wildcard origin (https://*.example.com), or `*` (local development). */
const ALLOWED_ENTRY = /^(?:\*|https?:\/\/(?:(?:\*\.)?[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?)$/;
const list = (s: string) =>
  s
    .split(',')
    .map((e) => e.trim().replace(/\/+$/, ''))
    .filter(Boolean);

/** One line per var: its rule, and what the code gets (numbers as numbers, flags as booleans, JSON parsed). */
export const ConfigSchema = v.object({
  ARCHITECT_API_URL: v.pipe(v.string(), v.url('an http(s) URL'), v.regex(/^https?:\/\//, 'an http(s) URL')),
  DEFAULT_SOURCE: kebab,
  LOG_TYPE: kebab,
  DEFAULT_PHONE_REGION: v.pipe(
    v.string(),
    v.regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "US"'),
    v.check(isSupportedCountry, 'an ISO 3166-1 alpha-2 code such as "US"'),
  ),
  ROUTE_PREFIX: v.pipe(
    v.string(),
    v.regex(/^(?:\/[\w.~-]+)*\/?$/, 'empty, or a path such as "/_pb"'),
    v.transform((s) => s.replace(/\/+$/, '')),
  ),
  ALLOWED_ORIGINS: v.pipe(
    v.string(),
    v.transform(list),
    v.check((entries) => entries.every((e) => ALLOWED_ENTRY.test(e)), 'comma list of origins (https://www.example.com, https://*.example.com) or *'),
  ),
  ARCHITECT_TIMEOUT_MS: int(1, 120_000),
  RETRY_BASE_SECONDS: int(1, 43_200),
  // 43,200 s: Queues' longest retry delay (developers.cloudflare.com/queues/configuration/batching-retries).
  RETRY_MAX_SECONDS: int(1, 43_200),
  MAX_ATTEMPTS: int(1, 100),
  DEMO_PAGE: flag('true', 'false'),
  RATE_LIMITS: flag('on', 'off'),
  MIN_FILL_MS: int(0, 600_000),
  /** Seconds without a new attempt before a visit's pending lead is delivered as one log (worker/merge/visit.ts). */
  SETTLE_SECONDS: int(0, 3600),
  /** Days a dead letter (personal data) is kept before KV deletes it (worker/delivery/dead-letters.ts). */
  DEAD_LETTER_TTL_DAYS: v.optional(int(1, 3650), '30'),
  /** "off": the snippet is served without its form-analytics code and POST /v1/events counts nothing. */
  ANALYTICS: v.optional(flag('on', 'off'), 'on'),
  /** Days hourly analytics buckets are kept; days daily totals are kept (two years by default, for a year-on-year
   * comparison; 0 = for ever, an operator's explicit choice). */
  HOURLY_RETENTION_DAYS: v.optional(int(1, 3650), '90'),
  DAILY_RETENTION_DAYS: v.optional(int(0, 36500), '730'),
  /** New distinct pages, forms, fields and sources (each) a site may add per hour, and new sites per hour; beyond it
   * they count as "(other)" (worker/analytics/caps.ts). */
  ANALYTICS_NEW_KEYS_PER_HOUR: v.optional(int(1, 1_000_000), '100'),
  /** Distinct refused origins counted per hour under their own name; beyond it they count as "(other)". */
  ANALYTICS_REFUSED_ORIGINS_PER_HOUR: v.optional(int(0, 10_000), '20'),
  SOURCE_BY_ORIGIN: v.pipe(
    v.string(),
    v.transform((s) => s.trim() || '{}'),
    v.parseJson(undefined, 'a JSON object: origin → kebab-case source'),
    v.record(v.pipe(v.string(), v.regex(ORIGIN, 'a JSON object whose keys are origins')), kebab, 'a JSON object: origin → kebab-case source'),
  ),
});
export type Config = v.InferOutput<typeof ConfigSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; issues: IssueOut[] };

/** One issue per var: its name (the path) and the first rule it breaks, never its value (any client of the 503
 * reads it). */
function issuesOf(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): IssueOut[] {
  const byVar = new Map<string, string>();
  for (const i of issues) {
    const name = String(i.path?.[0]?.key ?? '');
    if (!byVar.has(name)) byVar.set(name, i.kind === 'schema' && i.received === 'undefined' ? 'missing: set it in wrangler.toml [vars]' : i.message);
  }
  return [...byVar].map(([path, message]) => ({ path, message }));
}

/** Per env object: the same one serves every request of an isolate; tests that pass other bindings get their own. */
const parsed = new WeakMap<Env, ConfigResult>();

/** The parsed vars, or the issues; a failure is logged once (per isolate), naming each var. */
export function parseConfig(env: Env): ConfigResult {
  let result = parsed.get(env);
  if (!result) {
    const out = v.safeParse(ConfigSchema, env);
    result = out.success ? { ok: true, config: out.output } : { ok: false, issues: issuesOf(out.issues) };
    if (!result.ok) log('config.invalid', { vars: result.issues.map((i) => i.path).join(','), message: result.issues[0]!.message });
    parsed.set(env, result);
  }
  return result;
}

/** The parsed vars for code behind the entry points, which answered `misconfigured` already when they are bad. */
export function config(env: Env): Config {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(`misconfigured: ${result.issues.map((i) => i.path).join(', ')}`);
  return result.config;
}

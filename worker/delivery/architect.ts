// The Architect client: a valibot mirror of POST /v0/prospect_logs (shared/architect-api/prospect_logs.txt),
// its response schema, and one call that reports every outcome as a tagged union.
import * as v from 'valibot';
import { KEBAB_CASE } from '../ingest/capture';

export const PROSPECT_ID = /^prospect_[a-z0-9]{26}$/;
export const PROSPECT_LOG_ID = /^prospectlog_[a-z0-9]{26}$/;
export const E164 = /^\+[1-9]\d{1,14}$/;
/** The contract's createdAt pattern, verbatim: a real calendar date-time in UTC. */
export const CREATED_AT =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z))$/;

const len = (min: number, max: number) => v.pipe(v.string(), v.minLength(min), v.maxLength(max));
/** source/type: 1-100 chars per the contract, kebab-case per Architect's newer docs. */
const kebab = v.pipe(len(1, 100), v.regex(KEBAB_CASE));

// strictObject: a key the contract does not name would be our bug, so it fails here, not at Architect.
export const ProspectLogRequestSchema = v.strictObject({
  source: kebab,
  type: kebab,
  payload: v.record(v.string(), v.unknown()),
  prospectId: v.optional(v.pipe(v.string(), v.minLength(1), v.regex(PROSPECT_ID))),
  email: v.optional(v.string()),
  phoneNumber: v.optional(v.pipe(v.string(), v.regex(E164))),
  linkedinProfileUrl: v.optional(v.pipe(v.string(), v.minLength(1))),
  idempotencyKey: v.optional(len(1, 255)),
  name: v.optional(len(1, 255)),
});
export type ProspectLogRequest = v.InferOutput<typeof ProspectLogRequestSchema>;

// v.object: Architect may add response fields; they are harmless to us.
export const ProspectLogResponseSchema = v.object({
  prospectId: v.pipe(v.string(), v.regex(PROSPECT_ID)),
  prospectLogId: v.pipe(v.string(), v.regex(PROSPECT_LOG_ID)),
  createdAt: v.pipe(v.string(), v.regex(CREATED_AT)),
  createdProspect: v.boolean(),
  source: len(1, 100),
  type: len(1, 100),
});
export type ProspectLogResponse = v.InferOutput<typeof ProspectLogResponseSchema>;

/** Architect's error body (its docs: code, message, requestId, details); only `code` is ever kept. */
const ErrorBodySchema = v.object({ code: v.string() });

export type ArchitectResult =
  | { ok: true; log: ProspectLogResponse }
  | { ok: false; retryable: true; reason: 'rate_limited'; status: number; retryAfterSeconds?: number }
  | { ok: false; retryable: true; reason: 'upstream_error' | 'malformed_response'; status: number; code?: string }
  | { ok: false; retryable: true; reason: 'timeout' | 'network_error' }
  | { ok: false; retryable: false; reason: 'rejected'; status: number; code?: string };

export interface ArchitectConfig {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

/** Statuses worth another try: timeouts, conflicts with an in-flight twin, rate limits, server errors. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

async function errorCode(res: Response): Promise<string | undefined> {
  try {
    const parsed = v.safeParse(ErrorBodySchema, await res.json());
    return parsed.success ? parsed.output.code.slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
}

/** POSTs one prospect log. Never throws: every outcome is a value. */
export async function postProspectLog(cfg: ArchitectConfig, body: ProspectLogRequest): Promise<ArchitectResult> {
  let res: Response;
  try {
    res = await fetch(new URL('/v0/prospect_logs', cfg.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': cfg.apiKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
  } catch (err) {
    const name = (err as Error | undefined)?.name;
    return { ok: false, retryable: true, reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error' };
  }
  if (res.ok) {
    let json: unknown;
    try {
      json = await res.json();
    } catch (err) {
      const name = (err as Error | undefined)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, retryable: true, reason: 'timeout' };
      json = undefined;
    }
    const parsed = v.safeParse(ProspectLogResponseSchema, json);
    // A 2xx we cannot read may still have created the log: retrying with the same
    // idempotencyKey is safe and returns the first result.
    if (!parsed.success) return { ok: false, retryable: true, reason: 'malformed_response', status: res.status };
    return { ok: true, log: parsed.output };
  }
  const code = await errorCode(res);
  if (res.status === 429) {
    return { ok: false, retryable: true, reason: 'rate_limited', status: 429, retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after')) };
  }
  if (isRetryableStatus(res.status)) return { ok: false, retryable: true, reason: 'upstream_error', status: res.status, code };
  return { ok: false, retryable: false, reason: 'rejected', status: res.status, code };
}

// The Worker's bindings, kept by hand beside wrangler.toml (see ARCHITECTURE.md, "Env types").
import type { DeliveryJob } from './delivery/job';
import type { Ledger } from './ledger';

export interface Env {
  CAPTURE_QUEUE: Queue<DeliveryJob>;
  DEAD_LETTERS: KVNamespace;
  LEDGER: DurableObjectNamespace<Ledger>;
  IP_RATE_LIMITER?: RateLimit;
  ORIGIN_RATE_LIMITER?: RateLimit;
  RATE_LIMITS?: string;
  /** JSON object: origin → default `source` for captures from that site. */
  SOURCE_BY_ORIGIN?: string;
  /** Set to require a valid Cloudflare Turnstile token with every capture. */
  TURNSTILE_SECRET?: string;
  TURNSTILE_VERIFY_URL?: string;
  /** Submissions made sooner than this after page load (ms) are taken for bots. */
  MIN_FILL_MS?: string;
  ARCHITECT_API_URL: string;
  ARCHITECT_API_KEY?: string;
  ADMIN_TOKEN?: string;
  DEFAULT_SOURCE: string;
  LOG_TYPE: string;
  DEFAULT_PHONE_REGION: string;
  ROUTE_PREFIX: string;
  ALLOWED_ORIGINS: string;
  ARCHITECT_TIMEOUT_MS: string;
  RETRY_BASE_SECONDS: string;
  RETRY_MAX_SECONDS: string;
  MAX_ATTEMPTS: string;
  /** Days a dead letter (personal data) is kept before KV deletes it; default 30. */
  DEAD_LETTER_TTL_DAYS?: string;
  /** Counts failed admin authentications per IP. */
  ADMIN_RATE_LIMITER?: RateLimit;
  DEMO_PAGE: string;
}

/** A numeric var, falling back to `fallback` when unset or not a finite number. */
export function numVar(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) ? n : fallback;
}

// The Worker's bindings: generated from wrangler.toml into worker-configuration.d.ts (`npm run cf-typegen`,
// checked current by `npm run typecheck`), plus the secrets, which wrangler.toml does not list. All are optional:
// the worker runs without each and says so (README, "Configuration").
declare global {
  namespace Cloudflare {
    interface Env {
      /** Architect's x-api-key. Without it deliveries fail as missing_api_key and are dead-lettered after MAX_ATTEMPTS. */
      ARCHITECT_API_KEY?: string;
      /** Bearer token for the dead-letter admin routes; unset turns them off. */
      ADMIN_TOKEN?: string;
      /** Signs read-only share links (32+ characters); unset: a key derived from ADMIN_TOKEN (worker/admin/share.ts). */
      SHARE_SECRET?: string;
      /** Set to require a valid Cloudflare Turnstile token with every capture. */
      TURNSTILE_SECRET?: string;
    }
  }
}

export type Env = Cloudflare.Env;

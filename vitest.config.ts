// Three test projects: the worker inside workerd, the snippet under happy-dom, and Node-side code (the stand-in).
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** Bindings the worker tests run with: short timeouts and delays so faults resolve in seconds. */
export const TEST_VARS = {
  ARCHITECT_API_KEY: 'test-architect-key',
  ADMIN_TOKEN: 'test-admin-token-0123456789abcdefgh',
  ALLOWED_ORIGINS: 'https://www.example.com,https://*.example.org',
  ARCHITECT_TIMEOUT_MS: '750',
  RETRY_BASE_SECONDS: '1',
  RETRY_MAX_SECONDS: '4',
  MAX_ATTEMPTS: '4',
  // 1 s: attempts with a visit key settle quickly, so the merge tests see their one log within seconds.
  SETTLE_SECONDS: '1',
};

// The analytics schema (migrations/), read in Node and applied inside workerd by test/worker/d1-setup.ts.
const migrations = await readD1Migrations('./migrations');
/** Cloudflare's siteverify, as worker/ingest/spam.ts calls it (if the two differ, the Turnstile tests go red). */
const TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

export default defineConfig({
  test: {
    // The worker's structured log lines are asserted where they matter; elsewhere they are noise.
    onConsoleLog: (log) => !log.startsWith('{"level"'),
    projects: [
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ...TEST_VARS,
                ARCHITECT_API_URL: inject<string>('stubUrl'),
                TEST_MIGRATIONS: migrations,
              },
              // Turnstile's siteverify URL is fixed in the worker (no var could send the secret elsewhere), so the
              // tests answer it at the network edge: that one URL goes to the stand-in, every other call goes out.
              outboundService: (req: Request) => {
                const url = new URL(req.url);
                const target = url.href === TURNSTILE_VERIFY_URL ? `${inject<string>('stubUrl')}${url.pathname}` : req.url;
                return fetch(target, { method: req.method, headers: req.headers, body: req.body, redirect: 'manual', duplex: 'half' } as RequestInit);
              },
              // The real local Rate Limiting binding enforces (see test/worker/edge.test.ts): the suite as a whole
              // comes from one IP, so its limits are raised here; TIGHT_LIMITER proves the binding counts.
              ratelimits: {
                IP_RATE_LIMITER: { namespace_id: '7301', simple: { limit: 100_000, period: 60 } },
                ORIGIN_RATE_LIMITER: { namespace_id: '7302', simple: { limit: 100_000, period: 60 } },
                EVENTS_RATE_LIMITER: { namespace_id: '7304', simple: { limit: 100_000, period: 60 } },
                SITE_EVENTS_RATE_LIMITER: { namespace_id: '7305', simple: { limit: 100_000, period: 60 } },
                TIGHT_LIMITER: { namespace_id: '7399', simple: { limit: 3, period: 60 } },
                // wrangler.toml's real limits, for the flood tests in test/worker/security/ (keys unique per test).
                REAL_IP_LIMITER: { namespace_id: '7391', simple: { limit: 20, period: 60 } },
                REAL_ORIGIN_LIMITER: { namespace_id: '7392', simple: { limit: 600, period: 60 } },
                ADMIN_RATE_LIMITER: { namespace_id: '7303', simple: { limit: 10, period: 60 } },
              },
              // A partial batch waits 50 ms instead of 2 s, so integration tests see deliveries quickly.
              queueConsumers: {
                'prospect-beacon-captures': { maxBatchTimeout: 0.05 },
                'prospect-beacon-events': { maxBatchTimeout: 0.05 },
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          globalSetup: ['test/setup/stub.ts', 'test/setup/corpus.ts'],
          setupFiles: ['test/worker/d1-setup.ts'],
        },
      },
      {
        test: {
          name: 'snippet',
          // Each test builds its own happy-dom Window around the built file (test/snippet/harness.ts).
          environment: 'node',
          include: ['test/snippet/**/*.test.ts'],
          globalSetup: ['test/setup/corpus.ts'],
        },
      },
      {
        // test/console: the operator console's pure modules (URL state, CSV); its DOM is tested in Chromium (e2e).
        test: { name: 'node', environment: 'node', include: ['test/stub/**/*.test.ts', 'test/console/**/*.test.ts'] },
      },
      {
        // Real headless Chromium against `wrangler dev` and the stand-in (test/e2e/setup.ts).
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/setup.ts', 'test/setup/corpus.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser and one wrangler dev: files take turns rather than race for the same queue.
          fileParallelism: false,
        },
      },
    ],
  },
});

// Types for `env` and `exports` from cloudflare:workers inside the worker tests.
declare namespace Cloudflare {
  interface Env extends WorkerEnv {}
  interface GlobalProps {
    mainModule: typeof import('../../worker/index');
  }
}
type WorkerEnv = import('../../worker/env').Env;
// The migrations vitest.config.ts reads and test/worker/d1-setup.ts applies.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}

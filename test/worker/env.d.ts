// Types for `env` and `exports` from cloudflare:workers inside the worker tests.
declare namespace Cloudflare {
  interface Env extends WorkerEnv {}
  interface GlobalProps {
    mainModule: typeof import('../../worker/index');
  }
}
type WorkerEnv = import('../../worker/env').Env;

// Types the worker tests need beyond worker-configuration.d.ts: files read as text through Vite's `?raw`.
declare module '*?raw' {
  const text: string;
  export default text;
}
// The migrations vitest.config.ts reads and test/worker/d1-setup.ts applies.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}

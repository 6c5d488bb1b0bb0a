// Starts `wrangler dev` on loopback, offline, with vars pointing the worker at a stand-in Architect;
// resolves once /healthz answers. Used by `npm start`, the e2e tests and the benchmarks.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface DevOptions {
  port: number;
  vars: Record<string, string>;
  /** Where wrangler keeps local KV and queue state; a fresh folder gives a clean run. */
  persistTo?: string;
  quiet?: boolean;
}

export interface RunningDev {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Offline: no Request.cf fetch, no telemetry (CONVENTIONS.md, "Config"); CI=true also skips wrangler's prompts. */
const wranglerEnv = () => ({ ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? 'true' });

/** The analytics schema (migrations/) into the local D1 that `wrangler dev` will use: the same persist folder. */
export function applyMigrations(persistTo?: string, quiet?: boolean): void {
  const args = ['d1', 'migrations', 'apply', 'DB', '--local'];
  if (persistTo) args.push('--persist-to', persistTo);
  execFileSync(`${ROOT}node_modules/.bin/wrangler`, args, { cwd: ROOT, stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'], env: wranglerEnv() });
}

export async function startWranglerDev(opts: DevOptions): Promise<RunningDev> {
  applyMigrations(opts.persistTo, opts.quiet);
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--show-interactive-dev-session=false', '--log-level', opts.quiet ? 'error' : 'info'];
  for (const [k, val] of Object.entries(opts.vars)) args.push('--var', `${k}:${val}`);
  if (opts.persistTo) args.push('--persist-to', opts.persistTo);
  const child = spawn(`${ROOT}node_modules/.bin/wrangler`, args, {
    cwd: ROOT,
    stdio: opts.quiet ? ['ignore', 'ignore', 'inherit'] : ['ignore', 'inherit', 'inherit'],
    env: wranglerEnv(),
    detached: process.platform !== 'win32',
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`wrangler dev exited with ${code}`))));
  exited.catch(() => {});
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000).unref();
    });
  // Cold start of workerd and the bundler: well under 60 s on a 2-core machine.
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('wrangler dev did not answer /healthz within 60 s');
    }
    await Promise.race([new Promise((r) => setTimeout(r, 250)), exited]);
  }
}

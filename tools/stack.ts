// The whole local stack on free loopback ports: the stand-in Architect, `wrangler dev` pointed at it with a fresh
// state folder, and optionally a site on another origin (the only origin allowed to post). Used by the e2e
// tests, the load run and the benchmarks.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { startStub, type RunningStub } from '../stub/server.ts';
import { freePort } from './free-port.ts';
import { startWranglerDev, type RunningDev } from './wrangler-dev.ts';

export interface Site {
  url: string;
  close(): Promise<void>;
}

export interface StackOptions {
  apiKey: string;
  /** More worker vars (ALLOWED_ORIGINS is set from `site` or `origin`). */
  vars?: Record<string, string>;
  /** Starts the site once the worker's URL is known; its origin is the one allowed to post. */
  site?: (worker: string) => Promise<Site>;
  /** The allowed origin when there is no site (requests claim it in their Origin header). */
  origin?: string;
}

export interface Stack {
  stub: RunningStub;
  dev: RunningDev;
  worker: string;
  site?: Site;
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const stub = await startStub({ apiKey: opts.apiKey });
  const port = await freePort();
  const worker = `http://127.0.0.1:${port}`;
  const site = opts.site ? await opts.site(worker) : undefined;
  const state = await mkdtemp(`${tmpdir()}/pb-stack-`);
  const dev = await startWranglerDev({
    port,
    quiet: true,
    persistTo: state,
    vars: {
      ARCHITECT_API_URL: stub.url,
      ARCHITECT_API_KEY: opts.apiKey,
      ALLOWED_ORIGINS: site?.url ?? opts.origin ?? '',
      // 1 s: captures with a visit key wait this long to merge before their one log goes out; the e2e tests, the
      // load run and the bench expect a log within seconds (wrangler.toml's default is 30).
      SETTLE_SECONDS: '1',
      ...opts.vars,
    },
  });
  return {
    stub,
    dev,
    worker,
    site,
    async stop() {
      await dev.stop();
      await site?.close();
      await stub.close();
      await rm(state, { recursive: true, force: true });
    },
  };
}

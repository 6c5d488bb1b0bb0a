// Global setup for the browser tests: the stand-in Architect, `wrangler dev` (the real worker, local Queue
// and KV) and a static site on another origin; every corpus page is served there with the snippet tag added.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { startStub } from '../../stub/server.ts';
import { freePort } from '../../tools/free-port.ts';
import { startWranglerDev } from '../../tools/wrangler-dev.ts';
import { SHARED_DIR } from '../corpus/load.ts';
import { startPages, tag } from './pages.ts';

/** A corpus page with its own scripts removed (they would reach for the network) and the snippet tag added,
 * as a site owner installs it: a page with its own CSP lets the worker's origin in (README, "Install"). */
const withTag = (html: string) =>
  tag() +
  html
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/(script-src|connect-src) 'self'/g, "$1 'self' {{WORKER}}");

export default async function setup(project: TestProject) {
  const stub = await startStub({ apiKey: 'e2e-architect-key' });
  const workerPort = await freePort();
  const worker = `http://127.0.0.1:${workerPort}`;
  const extra = new Map<string, string>();
  for (const kind of ['chromium-autofill/input', 'marketing']) {
    for (const file of await readdir(`${SHARED_DIR}corpus/${kind}`)) {
      if (file.endsWith('.html')) extra.set(`corpus/${file}`, withTag(await readFile(`${SHARED_DIR}corpus/${kind}/${file}`, 'utf8')));
    }
  }
  const pages = await startPages(worker, extra);
  const state = await mkdtemp(`${tmpdir()}/pb-e2e-`);
  const dev = await startWranglerDev({
    port: workerPort,
    quiet: true,
    persistTo: state,
    vars: {
      ARCHITECT_API_URL: stub.url,
      ARCHITECT_API_KEY: 'e2e-architect-key',
      ALLOWED_ORIGINS: pages.url,
      ADMIN_TOKEN: 'e2e-admin-token',
      RETRY_BASE_SECONDS: '1',
      RETRY_MAX_SECONDS: '2',
      ARCHITECT_TIMEOUT_MS: '2000',
      // A browser driven by a test submits within milliseconds, from one IP, dozens of times a minute:
      // exactly what the spam and rate rules stop. They have their own tests (test/worker/edge.test.ts).
      MIN_FILL_MS: '0',
      RATE_LIMITS: 'off',
    },
  });
  project.provide('e2e', { stubUrl: stub.url, workerUrl: worker, pagesUrl: pages.url });
  return async () => {
    await dev.stop();
    await pages.close();
    await stub.close();
    await rm(state, { recursive: true, force: true });
  };
}

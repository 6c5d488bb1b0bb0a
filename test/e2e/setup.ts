// Global setup for the browser tests: the stand-in Architect, `wrangler dev` (the real worker, local Queue
// and KV) and a static site on another origin; every corpus page and library app is served there with the snippet tag.
import { readFile, readdir } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { startStack } from '../../tools/stack.ts';
import { SHARED_DIR } from '../corpus/load.ts';
import { startPages, tag } from '../../tools/pages.ts';
import { stackPages } from './stacks/pages.ts';
import { consentPages } from './consent/pages.ts';

/** A corpus page with its own scripts removed (they would reach for the network) and the snippet tag added,
 * as a site owner installs it: a page with its own CSP lets the worker's origin in (README, "Install"). */
const withTag = (html: string) => tag() + html.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/(script-src|connect-src) 'self'/g, "$1 'self' {{WORKER}}");

export default async function setup(project: TestProject) {
  const extra = new Map<string, string>();
  for (const kind of ['chromium-autofill/input', 'marketing']) {
    for (const file of await readdir(`${SHARED_DIR}corpus/${kind}`)) {
      if (file.endsWith('.html')) extra.set(`corpus/${file}`, withTag(await readFile(`${SHARED_DIR}corpus/${kind}/${file}`, 'utf8')));
    }
  }
  // The library apps (react-hook-form, Formik, Vue, htmx, jQuery, Alpine, Lit, Preact), bundled from the real packages.
  for (const [path, text] of await stackPages()) extra.set(path, text);
  // The consent banners' pages (IAB TCF, Consent Mode, OneTrust, Cookiebot, vanilla-cookieconsent, Klaro).
  for (const [path, text] of await consentPages()) extra.set(path, text);
  const stack = await startStack({
    apiKey: 'e2e-architect-key',
    site: (worker) => startPages(worker, extra),
    vars: {
      ADMIN_TOKEN: 'e2e-admin-token-0123456789abcdefghij',
      RETRY_BASE_SECONDS: '1',
      RETRY_MAX_SECONDS: '2',
      ARCHITECT_TIMEOUT_MS: '2000',
      // A browser driven by a test submits within milliseconds, from one IP, dozens of times a minute:
      // exactly what the spam and rate rules stop. They have their own tests (test/worker/edge.test.ts).
      MIN_FILL_MS: '0',
      RATE_LIMITS: 'off',
      // Attempts of one form in one visit merge into one log once this many seconds pass without another; the
      // default 30 would make every scenario wait half a minute.
      SETTLE_SECONDS: '2',
      // The demo page (GET /), for test/e2e/demo.test.ts.
      DEMO_PAGE: 'true',
    },
  });
  project.provide('e2e', { stubUrl: stack.stub.url, workerUrl: stack.worker, pagesUrl: stack.site!.url });
  return () => stack.stop();
}

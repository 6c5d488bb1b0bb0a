// The one place the test browsers are resolved and launched. Chromium (every e2e file and the bench):
// CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the binary the @sparticuz/chromium package ships.
// Firefox ESR and WebKitGTK (test/e2e/engines.test.ts): Debian packages only, never downloaded; a missing one
// fails the run with the command that installs it.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Engine, EngineName } from './engines/engine.ts';

export type { Engine, EngineName, Tab } from './engines/engine.ts';
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return sparticuz.executablePath();
}

/** `override` (an env var) else `fallback`; throws, naming both and the Debian package, when it is not there. */
function required(what: string, envVar: string, fallback: string, pkg: string): string {
  const path = process.env[envVar] || fallback;
  if (!existsSync(path)) {
    throw new Error(`${what} not found at ${path}: set ${envVar}, or install it with \`apt-get install -y ${pkg}\` (.ci/run does)`);
  }
  return path;
}

/** Firefox ESR, driven by puppeteer-core over WebDriver BiDi (no geckodriver). */
export const firefoxPath = () => required('Firefox ESR', 'FIREFOX_PATH', '/usr/bin/firefox-esr', 'firefox-esr');

/** WebKitGTK: its WebDriver, the GTK MiniBrowser it starts, and Xvfb (MiniBrowser has no headless mode). */
export function webkitPaths() {
  return {
    driver: required('WebKitWebDriver', 'WEBKIT_DRIVER_PATH', '/usr/bin/WebKitWebDriver', 'webkit2gtk-driver'),
    browser: required('WebKitGTK MiniBrowser', 'WEBKIT_BROWSER_PATH', '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', 'webkit2gtk-driver'),
    xvfb: required('Xvfb', 'XVFB_PATH', '/usr/bin/Xvfb', 'xvfb'),
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_FLAGS, headless: true });
}

/** Any of the three engines behind one interface (tools/engines/engine.ts); the clients load only when used. */
export async function launchEngine(name: EngineName): Promise<Engine> {
  switch (name) {
    case 'chromium':
      return (await import('./engines/chromium.ts')).startChromium(await launch());
    case 'firefox':
      return (await import('./engines/firefox.ts')).startFirefox(firefoxPath());
    case 'webkit':
      return (await import('./engines/webkit.ts')).startWebKit(webkitPaths());
  }
}

/** One Chromium per test file (`start`: another launch, such as one with the back/forward cache on), and fresh
 * contexts (own storage) per test, closed after it. */
export function useBrowser(start: () => Promise<Browser> = launch) {
  let browser: Browser;
  /** This test's contexts, closed after it (closing one the test closed already is a no-op). */
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await start();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  const newContext = async (options?: BrowserContextOptions): Promise<BrowserContext> => {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context;
  };
  return {
    /** A new context for this test, with its options (locale, viewport, downloads). */
    newContext,
    /** A new page in this test's first context (created on first use). */
    async newPage(): Promise<Page> {
      return (contexts[0] ?? (await newContext())).newPage();
    },
  };
}

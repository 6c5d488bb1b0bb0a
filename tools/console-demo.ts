// Drives a form page the way the console's end-to-end run does (3 views, 2 starts, 1 submission, 1 abandon) and
// signs in to the console: shared by the console's integration test and `npm run screenshot`.
import type { Browser, Page } from 'playwright-core';

export interface FormRun {
  /** The page with the form (and the snippet tag). */
  url: string;
  /** Fields filled to submit; the first one is also the start of the visit that abandons. */
  fill: Record<string, string>;
  submit: string;
  /** Where the submit lands. */
  thanks: RegExp;
}

/** The worker's own demo page (DEMO_PAGE=true), as `npm start` serves it. */
export const demoRun = (worker: string, email: string): FormRun => ({
  url: `${worker}/?utm_source=newsletter&utm_campaign=q4-launch`,
  fill: { '#full-name': 'Ada Lovelace', '#work-email': email },
  submit: 'button[type=submit]',
  thanks: /\/demo\/thanks/,
});

/** One visit; it ends with a navigation, so the snippet's pagehide batch (views, starts, an abandon) goes out. */
async function visit(browser: Browser, run: FormRun, act: (page: Page) => Promise<void>): Promise<void> {
  // locale: this machine's Chromium reports navigator.language "en-US@posix", which uPlot's Intl.NumberFormat rejects.
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  // The view beacon, when the snippet sends it at idle: waited for (not slept on) before acting, bounded.
  const beacon = page.waitForRequest((r) => r.url().endsWith('/v1/events'), { timeout: 5_000 }).catch(() => null);
  await page.goto(run.url);
  await beacon;
  await act(page);
  if (!run.thanks.test(page.url())) await page.goto('about:blank');
  await context.close();
}

/** 3 views, 2 starts, 1 submission (→ 1 log), 1 abandon. */
export async function driveForm(browser: Browser, run: FormRun): Promise<void> {
  const [first, value] = Object.entries(run.fill)[0]!;
  await visit(browser, run, async (page) => {
    for (const [selector, text] of Object.entries(run.fill)) await page.fill(selector, text);
    await Promise.all([page.waitForURL(run.thanks), page.click(run.submit)]);
  });
  await visit(browser, run, (page) => page.fill(first, value));
  await visit(browser, run, async () => {});
}

/** Opens the console and signs in with `token`; resolves once every panel has answered (drawn or failed). */
export async function signIn(page: Page, worker: string, token: string, query = ''): Promise<void> {
  await page.goto(`${worker}/admin${query}`);
  await page.fill('#token', token);
  await page.click('#signin-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Showing'));
}

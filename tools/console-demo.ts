// Drives the demo page the way issue 14's acceptance run does (3 views, 2 starts, 1 submission) and signs in
// to the console: shared by the console's integration test and `npm run screenshot`.
import type { Browser, Page } from 'playwright-core';

export const DEMO_EMAIL = 'console.demo@example.com';

/** One visit of the demo page: waits for its view beacon (POST /v1/events) before doing anything else. */
async function visit(browser: Browser, worker: string, act: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const beacon = page.waitForResponse((r) => r.url().endsWith('/v1/events') && r.request().method() === 'POST', { timeout: 15_000 });
  await page.goto(`${worker}/?utm_source=newsletter&utm_campaign=q4-launch`);
  await beacon;
  await act(page);
  await context.close(); // pagehide: a started, unsent form counts its abandon here
}

/** 3 views, 2 starts, 1 submission (→ 1 log), 1 abandon on the demo form `book-demo`. */
export async function driveDemo(browser: Browser, worker: string): Promise<void> {
  await visit(browser, worker, async (page) => {
    await page.fill('#full-name', 'Ada Lovelace');
    await page.fill('#work-email', DEMO_EMAIL);
    await Promise.all([page.waitForURL(/\/demo\/thanks/), page.click('button[type=submit]')]);
  });
  await visit(browser, worker, (page) => page.fill('#company', 'Analytical Engines'));
  await visit(browser, worker, async () => {});
}

/** Opens the console and signs in with `token`; resolves once the funnel table is drawn. */
export async function signIn(page: Page, worker: string, token: string, query = ''): Promise<void> {
  await page.goto(`${worker}/admin${query}`);
  await page.fill('#token', token);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#p-funnel table');
}

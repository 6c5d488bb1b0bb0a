// Firefox ESR behind the engine-neutral Tab (tools/engines/engine.ts), through puppeteer-core over WebDriver
// BiDi (Firefox speaks it natively: no geckodriver): a user context per tab, BiDi's network emulation for offline.
import puppeteer from 'puppeteer-core';
import type { Engine, Tab } from './engine.ts';

export async function startFirefox(executablePath: string): Promise<Engine> {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
  return {
    name: 'firefox',
    version: await browser.version(),
    async newTab(): Promise<Tab> {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      return {
        goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
        url: async () => page.url(),
        // puppeteer's `>>>` is its own deep combinator through open shadow roots.
        click: (selector) => page.click(selector),
        fill: (selector, value) => page.locator(selector).fill(value),
        evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => never, arg),
        setOffline: (offline) => page.setOfflineMode(offline),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// Chromium behind the engine-neutral Tab (tools/engines/engine.ts), through playwright-core: a browser
// context per tab, and the DevTools network emulation for offline.
import type { Browser } from 'playwright-core';
import type { Engine, Tab } from './engine.ts';

/** playwright's CSS engine pierces open shadow roots itself; `>>` chains a selector inside the previous match. */
const css = (selector: string) => selector.replaceAll('>>>', '>>');

export function startChromium(browser: Browser): Engine {
  return {
    name: 'chromium',
    version: `chromium/${browser.version()}`,
    async newTab(): Promise<Tab> {
      const context = await browser.newContext();
      const page = await context.newPage();
      return {
        goto: async (url) => void (await page.goto(url)),
        url: async () => page.url(),
        click: (selector) => page.click(css(selector)),
        fill: (selector, value) => page.fill(css(selector), value),
        evaluate: (fn, arg) => page.evaluate(fn, arg as never),
        setOffline: (offline) => context.setOffline(offline),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// The engine-neutral driver the cross-engine scenarios use (test/e2e/engines.test.ts): one interface over
// playwright-core (Chromium), puppeteer-core over WebDriver BiDi (Firefox) and webdriverio over WebDriver
// classic (WebKitGTK), so the same scenario code runs in all three.

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** One browser, started once per test file. */
export interface Engine {
  name: EngineName;
  /** What the engine reports about itself, e.g. "firefox/153.8.0" or "MiniBrowser 2.50.6". */
  version: string;
  /** A tab with its own storage (cookies, localStorage), so tests never see each other's outbox. */
  newTab(): Promise<Tab>;
  close(): Promise<void>;
}

export interface Tab {
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  /** CSS selectors; `host >>> inner` reaches into an open shadow root. A real click, by the engine's input. */
  click(selector: string): Promise<void>;
  /** Replaces the value of a text control, typed as a user would. */
  fill(selector: string, value: string): Promise<void>;
  /** Runs a function in the page (serialised: it may use only its argument) and returns its JSON result. */
  evaluate<T, A = undefined>(fn: (arg: A) => T, arg?: A): Promise<T>;
  /** The network as the page sees it: off, every request fails as when the machine is offline; on again. */
  setOffline(offline: boolean): Promise<void>;
  close(): Promise<void>;
}

// What the form analytics tests share: the page booted with the built snippet, what it sent to /v1/events, and the
// visitor's gestures (focus, typing, leaving, coming back from the back/forward cache) as browser events.
import type { boot } from './harness';

export type Ev = [string, number, string?, number?];
export type Body = [string, string, Ev[]];
export type Env = Awaited<ReturnType<typeof boot>>;
export const EVENTS = 'https://beacon.example.net/v1/events';

/** What went to /v1/events, one entry per request. */
export const sent = (env: Env) => env.beacons.filter((b) => b.url === EVENTS).map((b) => b.body as unknown as Body);
/** Every event sent, with the URL it was filed under: [url, formKey, kind, field?]. Times are left out. */
export const events = (env: Env) =>
  sent(env).flatMap(([url, , evs]) => evs.map(([form, kind, field]) => [url, form, kind, ...(field === undefined ? [] : [field])]));
/** The page's window with the DOM's own types (the harness's intersection type makes its constructors `never`). */
export const win = (env: Env) => env.window as unknown as typeof globalThis;

function fire(env: Env, target: EventTarget, type: string, props: Record<string, unknown> = {}) {
  const e = new (win(env).Event)(type, { bubbles: true });
  for (const [k, v] of Object.entries(props)) Object.defineProperty(e, k, { value: v });
  target.dispatchEvent(e);
}
const el = (env: Env, selector: string) => env.document.querySelector(selector) as unknown as HTMLInputElement;

/** The visitor focuses a field. */
export const focus = (env: Env, selector: string) => fire(env, el(env, selector), 'focusin');
/** The visitor types in a field, with or without focusing it first (an autofocused field gets no focusin). */
export function type(env: Env, selector: string, value: string) {
  el(env, selector).value = value;
  fire(env, el(env, selector), 'input');
}
/** The visitor leaves the page: into the back/forward cache when `persisted`. */
export const leave = (env: Env, persisted = false) => fire(env, win(env), 'pagehide', { persisted });
/** The page comes back from the back/forward cache. */
export const restore = (env: Env) => fire(env, win(env), 'pageshow', { persisted: true });
/** The tab is hidden (another tab, another app), the page still alive. */
export function hide(env: Env) {
  Object.defineProperty(env.document, 'hidden', { value: true, configurable: true });
  fire(env, env.document as unknown as EventTarget, 'visibilitychange');
}
/** A single-page app's route change: history.pushState (or replaceState) to `path`. */
export const go = (env: Env, path: string, how: 'pushState' | 'replaceState' = 'pushState') => win(env).history[how](null, '', path);

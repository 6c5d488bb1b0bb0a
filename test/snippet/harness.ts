// Boots the built snippet (dist/snippet.js or the debug build) in a fresh happy-dom window per test, with
// the network edge (fetch, sendBeacon) replaced by recorders.
import { VERSION } from '../../worker/generated/snippet';
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import type { CaptureInput } from '../../worker/ingest/capture';

export const BUILDS = ['snippet.js', 'snippet.debug.js'] as const;
export type Build = (typeof BUILDS)[number];
/** The built file as the worker serves it: its own base URL written in for the placeholder (worker/site/snippet.ts). */
const code = (build: Build, base = 'https://beacon.example.net/') =>
  readFileSync(new URL(`../../dist/${build}`, import.meta.url), 'utf8').replaceAll('@PB@', base);
/** The consent banner readers, as the worker serves them at /consent.js. */
const BANNERS = readFileSync(new URL('../../dist/consent.js', import.meta.url), 'utf8');
/** The word lists in other scripts, as the worker serves them at /words.js. */
const WORDS = readFileSync(new URL('../../dist/words.js', import.meta.url), 'utf8');
/** The click handler of wizards and formless flows, as the worker serves it at /flows.js. */
const FLOWS = readFileSync(new URL('../../dist/flows.js', import.meta.url), 'utf8');

export interface BootOptions {
  build?: Build;
  url?: string;
  referrer?: string;
  html?: string;
  /** data-* attributes of the script tag (data-endpoint defaults to the test endpoint). */
  data?: Record<string, string>;
  /** localStorage contents before the script runs. */
  storage?: Record<string, string>;
  /** The worker's answer, per request; throw to simulate a network failure. */
  respond?: (capture: CaptureInput, n: number) => number | Error | Promise<number>;
  /** Code run before the snippet, e.g. the queue stub. */
  before?: string;
  /** Code run right after the snippet's own script, in the same task (what the snippet did at load). */
  after?: string;
  /** The script's src: the tag is put in the page and its code run from elsewhere (a tag manager), so
   * document.currentScript is null and the endpoint comes from this src. */
  lateInjection?: string;
  /** Replace localStorage with one that throws on every access. */
  blockStorage?: boolean;
  gpc?: boolean;
  /** A browser without navigator.sendBeacon (Firefox with beacon.enabled=false). */
  noBeacon?: boolean;
  /** The banner readers (/consent.js) never load: blocked, or the network failed. */
  blockBanners?: boolean;
  /** The word lists in other scripts (/words.js) never load: blocked, or the network failed. */
  blockWords?: boolean;
  /** The word lists arrive this many milliseconds after the snippet asked for them (a slow network). */
  delayWords?: number;
  /** The click handler of wizards and formless flows (/flows.js) never loads: blocked, or the network failed. */
  blockFlows?: boolean;
  /** The flows' click handler arrives this many milliseconds after the snippet asked for it (a slow network). */
  delayFlows?: number;
  /** false: boot the same window without the snippet (a baseline to compare the snippet's window with). */
  snippet?: boolean;
}

export const ENDPOINT = 'https://beacon.example.net/v1/submissions';

export async function boot(opts: BootOptions = {}) {
  const window = new Window({
    url: opts.url ?? 'https://www.example.com/pricing',
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true, disableFallbackToSetURL: true },
    },
  });
  // biome-ignore lint/suspicious/noExplicitAny: the page's global, called with whatever each test passes.
  const w = window as unknown as Window & typeof globalThis & { prospectBeacon: any };
  const document = window.document;
  if (opts.referrer !== undefined) Object.defineProperty(document, 'referrer', { value: opts.referrer });
  for (const [k, val] of Object.entries(opts.storage ?? {})) window.localStorage.setItem(k, val);
  if (opts.blockStorage) {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new window.DOMException('blocked', 'SecurityError');
      },
    });
  }
  if (opts.gpc) Object.defineProperty(window.navigator, 'globalPrivacyControl', { value: true });
  document.body.innerHTML = opts.html ?? '';

  const requests: { url: string; body: CaptureInput; keepalive?: boolean; contentType?: string }[] = [];
  const beacons: { url: string; body: CaptureInput }[] = [];
  w.fetch = (async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as CaptureInput;
    requests.push({ url: String(url), body, keepalive: init.keepalive, contentType: (init.headers as Record<string, string> | undefined)?.['content-type'] });
    // A promise holds the answer back: the request stays in flight until the test settles it.
    const answer = await (opts.respond ? opts.respond(body, requests.length) : 202);
    if (answer instanceof Error) throw new TypeError('Failed to fetch');
    return new window.Response(JSON.stringify({ id: body.id }), { status: answer });
  }) as never;
  Object.defineProperty(window.navigator, 'sendBeacon', {
    value: opts.noBeacon
      ? undefined
      : (url: string, data: string) => {
          beacons.push({ url, body: JSON.parse(data) });
          return true;
        },
  });
  const events: { type: string; detail: { id: string; status?: number } }[] = [];
  for (const type of ['captured', 'sent', 'failed']) {
    document.addEventListener(`prospectbeacon:${type}`, (e) => events.push({ type, detail: (e as unknown as CustomEvent).detail }));
  }
  // happy-dom loads no script files here: the second files the snippet asks for (the banner readers with
  // data-consent="auto", the word lists on a page in other scripts, the flows' click handler on a page showing a wizard
  // or a formless flow) run as the browser would run them once loaded, and each load is recorded.
  const loaded: string[] = [];
  new window.MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) {
        // As the worker answers: a second file of another release (its ?v=) is no script to run.
        const [src, query] = (n instanceof window.HTMLScriptElement ? n.src : '').split('?');
        if (!src || (query && query !== `v=${VERSION}`)) continue;
        loaded.push(src);
        if (src.endsWith('/consent.js') && !opts.blockBanners) window.eval(BANNERS);
        if (src.endsWith('/words.js') && !opts.blockWords) setTimeout(() => window.eval(WORDS), opts.delayWords ?? 0);
        if (src.endsWith('/flows.js') && !opts.blockFlows) setTimeout(() => window.eval(FLOWS), opts.delayFlows ?? 0);
      }
  }).observe(document, { childList: true, subtree: true });
  const errors: unknown[] = [];
  window.addEventListener('error', (e) => errors.push((e as unknown as ErrorEvent).error));
  if (opts.before) {
    const pre = document.createElement('script');
    pre.textContent = opts.before;
    document.head.appendChild(pre);
  }

  const script = document.createElement('script');
  for (const [k, val] of Object.entries(opts.lateInjection ? { ...opts.data } : { endpoint: ENDPOINT, ...opts.data })) script.setAttribute(`data-${k}`, val);
  const source = opts.snippet === false ? '' : code(opts.build ?? 'snippet.js');
  if (opts.lateInjection) {
    script.setAttribute('src', opts.lateInjection);
    document.head.appendChild(script);
    window.eval(opts.snippet === false ? '' : code(opts.build ?? 'snippet.js', new URL('.', opts.lateInjection).href));
  } else {
    script.textContent = source;
    document.head.appendChild(script);
  }
  if (opts.after) {
    const post = document.createElement('script');
    post.textContent = opts.after;
    document.head.appendChild(post);
  }
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    await window.happyDOM.waitUntilComplete();
  };
  await settle();
  return { window: w, document, requests, beacons, events, errors, loaded, settle, close: () => window.happyDOM.close() };
}

/** Submits a form the way a click on its submit button does, and waits for the snippet to send. */
export async function submit(env: Awaited<ReturnType<typeof boot>>, selector = 'form', prevent = true) {
  const form = env.document.querySelector(selector) as unknown as HTMLFormElement;
  // happy-dom would navigate on a real submit; the site's own handler preventing it is what SPAs do.
  if (prevent) form.addEventListener('submit', (e) => e.preventDefault());
  // A click on the submit button: the button is the submitter, as in a browser.
  form.requestSubmit(form.querySelector('button[type=submit], button:not([type]), input[type=submit]') as HTMLElement | null);
  await env.settle();
  return form;
}

/** Every string in what was sent, except the random capture id. Numbers (ts, elapsed, touch times) are left
 *  out on purpose: a secret typed into a field would travel as a string, while a 3-digit CVC turns up in a
 *  millisecond count by chance (a corpus run once sent elapsed 737 with CVC 737). */
export function sentStrings(bodies: readonly object[]): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (typeof x === 'string') out.push(x);
    else if (x && typeof x === 'object') for (const v of Object.values(x)) walk(v);
  };
  for (const { id: _id, ...rest } of bodies as { id?: unknown }[]) walk(rest);
  return out;
}

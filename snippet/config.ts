// Every data-* setting of the script tag, read in one place (readConfig), with explicit defaults.
// Module-level bindings rather than an object: the minifier can shorten them, the bytes matter here. The flags off by
// default start undefined, not false: only their truth is read (9 B).

/** The worker's own base URL (its origin + ROUTE_PREFIX + "/"): build.mjs leaves this placeholder and the worker
 * writes itself in as it serves the file (worker/site/snippet.ts), so where captures go never depends on the page. */
export const BASE = '@PB@';
/** Appends <script src="<worker>/<name>?v=<release>">: the snippet's second files, each loaded only on pages that need it.
 * Each is cached apart from the snippet, and what it is handed on prospectBeacon changes between releases: the worker
 * serves it only to the release it was built with (worker/site/snippet.ts). */
export const addScript = (name: string) => {
  const s = document.createElement('script');
  s.src = BASE + name + '?v=' + __VERSION__;
  document.head.appendChild(s);
};
/** Where captures go: the worker that served this file, or data-endpoint on the snippet's own script element. */
export let endpoint = BASE + 'v1/submissions';
/** data-source: the capture's `source` (kebab-case); unset lets the worker use DEFAULT_SOURCE. */
export let source: string | undefined;
/** data-forms: only forms matching this selector are captured (the manual API ignores it). */
export let forms: string | undefined;
/** data-exclude: forms and fields matching, or inside an element matching, this selector are never sent. */
export let exclude: string | undefined;
/** data-consent="required" (prospectBeacon.consent() decides) or "auto" (the site's consent banner decides, see
 * snippet/consent.ts): measurement waits for consent. Unset: nothing waits. */
export let gated: boolean | undefined;
/** data-consent="auto". */
export let auto: boolean | undefined;
/** data-consent-scope="all", and data-consent="required": submissions wait for consent too (in memory only). By default a
 * submission is sent: the visitor asked to be contacted. */
export let holdAll: boolean | undefined;
/** data-consent-category: the banner's category that allows measurement, when not its statistics/analytics one. */
export let category: string | undefined;
/** data-respect-gpc: a visitor whose browser sends Global Privacy Control is not captured at all. */
export let respectGpc: boolean | undefined;
/** data-analytics="off": no form views, starts or abandons are counted (snippet/analytics.ts). */
export let analytics = true;
/** data-formless="off": inputs outside any <form> are never captured (snippet/flows.ts). */
export let formless = true;
/** data-keep-params="plan,variant": query parameters kept in the URLs sent, besides utm_*, click ids and ref. */
export let keepParams: string[] = [];
/** data-debug: console messages (present in the debug build, /s.debug.js, only). */
export let debug = false;

export function readConfig(): void {
  const me = document.currentScript as HTMLScriptElement | null;
  // Run without document.currentScript (a tag manager, a shadow root, a fetch-and-eval loader): the settings are
  // read from a <script> loaded from this worker (its resolved src), never from a look-alike such as an <img> in
  // user content, and data-endpoint is then ignored: only the provably own element may redirect captures.
  const s = me || ([] as HTMLScriptElement[]).find.call(document.scripts, (e) => !e.src.indexOf(BASE + 's.'));
  if (!s) return;
  const d = s.dataset;
  // In the order that packs smallest (4 B): only auto, holdAll and gated depend on each other.
  forms = d.forms;
  source = d.source;
  exclude = d.exclude;
  auto = d.consent == 'auto';
  holdAll = d.consent == 'required' || (auto && d.consentScope == 'all');
  gated = auto || holdAll;
  keepParams = (d.keepParams || '').split(',');
  category = d.consentCategory;
  if (me && d.endpoint) endpoint = d.endpoint;
  respectGpc = d.respectGpc != null;
  formless = d.formless != 'off';
  debug = __DEBUG__ && d.debug != null;
  analytics = __ANALYTICS__ && d.analytics != 'off';
}

// Every data-* setting of the script tag, read in one place (readConfig), with explicit defaults.
// Module-level bindings rather than an object: the minifier can shorten them, the bytes matter here.

/** Where captures go: data-endpoint, else /v1/submissions beside the script's own URL (keeps a path prefix). */
export let endpoint = '/v1/submissions';
/** data-source: the capture's `source` (kebab-case); unset lets the worker use DEFAULT_SOURCE. */
export let source: string | undefined;
/** data-forms: only forms matching this selector are captured (the manual API ignores it). */
export let forms: string | undefined;
/** data-exclude: forms and fields matching, or inside an element matching, this selector are never sent. */
export let exclude: string | undefined;
/** data-consent="required": nothing leaves the browser before prospectBeacon.consent(true). */
export let consentRequired = false;
/** data-respect-gpc: a visitor whose browser sends Global Privacy Control is not captured at all. */
export let respectGpc = false;
/** data-formless="off": inputs outside any <form> are never captured (snippet/flow.ts). */
export let formless = true;
/** data-debug: console messages (present in the debug build, /s.debug.js, only). */
export let debug = false;

export function readConfig(): void {
  // A tag manager may inject the tag so that it runs without document.currentScript: then find it by its src.
  const s = (document.currentScript || document.querySelector('[src*="/s.js"],[src*="/s.debug."]')) as HTMLScriptElement | null;
  if (!s) return;
  const d = s.dataset;
  // Beside the script: https://x.com/_pb/s.js?v=2 posts to https://x.com/_pb/v1/submissions.
  endpoint = d.endpoint || new URL('v1/submissions', s.src).href;
  source = d.source;
  forms = d.forms;
  exclude = d.exclude;
  consentRequired = d.consent == 'required';
  respectGpc = d.respectGpc != null;
  formless = d.formless != 'off';
  debug = __DEBUG__ && d.debug != null;
}

// The bench report's rows, by the text of their first cell, and the goals it judges: the quick run's test
// (test/bench/quick.test.ts) checks every row was written, without importing the bench's machinery.

/** The goals the project holds today: load work ≤ 2× Plausible's in the same run, first submit ≤ 2 ms median, the served
 * snippet ≤ 5,500 B gzip -9 with form analytics, and ≤ 5,850 B with consent detection's 350 B on top, consent detection
 * ≤ 350 B. */
export const GOALS = { loadRatio: 2, firstSubmitMs: 2, analyticsGzip: 5500, servedGzip: 5850, consentGzip: 350 };

/** Every row the report writes, by the text of its first cell. */
export const ROWS = {
  sizeOurs: 'prospect-beacon dist/snippet.js',
  sizeOursNa: 'prospect-beacon dist/snippet.no-analytics.js',
  sizeOursNc: 'prospect-beacon dist/snippet.no-consent.js (measured only, never served)',
  sizeBanners: 'prospect-beacon dist/consent.js (the consent banner readers, loaded only with data-consent="auto")',
  sizeWords: 'prospect-beacon dist/words.js (the word lists in other scripts, loaded only on pages showing them)',
  sizeFlows: 'prospect-beacon dist/flows.js (wizards and formless flows, loaded only on pages showing one)',
  partAnalytics: 'of dist/snippet.js: form analytics (beside the build without it)',
  partConsent: 'of dist/snippet.js: consent detection, which loads the banner readers (beside the build without it)',
  sizePlausible: 'Plausible plausible.js (@plausible-analytics/tracker)',
  sizeWorker: 'worker bundle (wrangler deploy --dry-run)',
  loadScript: 'script work at load (evaluation and every callback): main-thread CPU beyond the page without a script (ms)',
  loadTask: 'all main-thread tasks at load: CPU beyond the page without a script (ms)',
  loadWall: 'all main-thread tasks at load: wall time beyond the page without a script (ms)',
  loadEval: 'evaluation, in-page clock (ms)',
  loadIdle: 'idle and timer callbacks at load, in-page clock (ms)',
  loadRatio: 'script work at load ÷ Plausible’s',
  firstSubmit: 'first submit after load: handlers and the send they schedule, in-page clock, beyond the page’s own handler (ms)',
  firstSubmitSync: 'of which the synchronous submit handlers, in-page clock (ms)',
  firstSubmitCpu: 'first submit: main-thread CPU until settled, beyond the page without a script (ms)',
  firstFocus: 'first focus in the form, before the submit: main-thread CPU until settled, beyond the page without a script (ms)',
  firstFocusSync: 'of which inside the focus, while the visitor’s click or tap is handled, in-page clock, beyond the page without a script (ms)',
  steadySubmit: 'submit handling, steady state, snippet’s share of a batch mean (ms)',
  bigForm: '100 fields with 20 KB labels: snippet’s share of a submit (ms)',
  bare: 'GET /healthz (bare route)',
  ingest: 'POST /v1/submissions (realistic capture)',
  events: 'POST /v1/events (one page view, 3 forms)',
  ledger: 'GET /admin/captures/<id> (the ledger object)',
  cpu: 'worker CPU per capture, in-process (µs)',
  d1: 'D1 write per batch of analytics events',
  latency: 'submit in Chromium → log stored at the stand-in (ms)',
  goalLoad: `script work at load ≤ ${GOALS.loadRatio}× Plausible’s`,
  goalSubmit: `first submit ≤ ${GOALS.firstSubmitMs} ms median`,
  goalAnalytics: `served snippet ≤ ${GOALS.analyticsGzip} B gzip -9 (the ceiling set with form analytics)`,
  goalServed: `served snippet ≤ ${GOALS.servedGzip} B gzip -9 (that ceiling plus consent detection's ${GOALS.consentGzip} B)`,
  goalConsent: `consent detection ≤ ${GOALS.consentGzip} B gzip -9, in the served snippet`,
  goalConsentAuto: `consent detection ≤ ${GOALS.consentGzip} B gzip -9, on a page with data-consent="auto" (with the banner readers)`,
} as const;

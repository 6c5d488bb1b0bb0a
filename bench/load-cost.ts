// Load cost in Chromium: the whole main-thread work a script does at load (its evaluation and the idle work it
// schedules, analytics included) for no script, Plausible's tracker, the snippet and its build without analytics,
// on one 30-field page in one browser, and the snippet on the same page made a wizard's (it then loads /flows.js); and
// the first submit on a freshly loaded page.
import { readFile } from 'node:fs/promises';
import type { Browser, CDPSession } from 'playwright-core';
import { thirtyFieldForm } from './browser.ts';
import { median, percentile } from './stats.ts';

export const VARIANTS = ['none', 'plausible', 'ours', 'ours-na', 'ours-wizard'] as const;
export type Variant = (typeof VARIANTS)[number];

export const METHOD =
  "Chrome DevTools Protocol Performance.getMetrics with timeDomain 'threadTicks' (main-thread CPU time, so other " +
  'processes on the machine do not inflate it): ScriptDuration (what the verdict uses) and TaskDuration from before the navigation until the page ' +
  'settled (load, two idle periods, its requests answered), minus the same page without a script (median); beside it, ' +
  'the same counter in wall time (timeDomain timeTicks: it adds the waits on the browser process, and whatever else held the core), and ' +
  'in-page clocks: evaluation between two inline markers, and the run time of every requestIdleCallback and ' +
  'setTimeout callback (wrapped by an init script). Plausible runs with captureOnLocalhost, as it runs on a real site: ' +
  'without it, it ignores the loopback host and automated browsers and sends nothing; each sample checks that both ' +
  'scripts sent their page view';

/** Plausible's npm tracker is an ES module (`init`, `track`): run as one classic inline script with its default
 * options (page views on), sending to this site's own origin, as a site bundling it would. captureOnLocalhost: it
 * ignores every event on localhost / 127.x and in automated browsers (navigator.webdriver, which Playwright sets), so
 * without it the bench would time a Plausible that reads no storage and sends nothing; with it, it does at load what
 * it does on a real site (its localStorage opt-out check, then its page view). sample() checks the page view went. */
function plausibleScript(src: string): string {
  return `(function(){${src.replace(/export\s*\{[^}]*\}\s*;?\s*$/, '')}\ninit({domain:'bench.example',endpoint:'/api/event',logging:false,captureOnLocalhost:true})})()`;
}

/** The page-view request each variant must have sent by the time the page settled, or its figure is not its work. */
const PAGE_VIEW: Partial<Record<Variant, RegExp>> = { plausible: /\/api\/event$/, ours: /\/v1\/events$/, 'ours-wizard': /\/v1\/events$/ };

/** The same page for every variant: inline markers around the script (an empty one for `none`), then the form. */
export async function loadCostPages(worker: string): Promise<Map<string, string>> {
  const [ours, oursNa, plausible] = await Promise.all([
    readFile('dist/snippet.js', 'utf8'),
    readFile('dist/snippet.no-analytics.js', 'utf8'),
    readFile('node_modules/@plausible-analytics/tracker/plausible.js', 'utf8'),
  ]);
  // As the worker serves it: its base URL in place of build.mjs's placeholder (worker/site/snippet.ts).
  const served = (code: string) => code.replaceAll('@PB@', `${worker}/`);
  const code: Record<Variant, string> = {
    none: '',
    plausible: plausibleScript(plausible),
    ours: served(ours),
    'ours-na': served(oursNa),
    'ours-wizard': served(ours),
  };
  const form = thirtyFieldForm(false, worker).replace('<!doctype html><title>Bench</title>', '');
  // The same form as a wizard's step: a plain "Next" button beside its submit button, so the snippet loads /flows.js.
  const wizard = form.replace('<button>Send</button>', '<button type="button">Next</button><button>Send</button>');
  if (wizard === form) throw new Error('load cost: the wizard page has no plain button');
  // `</script` cannot occur in the minified sources, which end their strings before it; checked all the same.
  for (const [v, c] of Object.entries(code)) if (/<\/script/i.test(c)) throw new Error(`${v}: its source cannot be inlined`);
  return new Map(
    VARIANTS.map((v) => [
      `load-${v}`,
      `<!doctype html><title>Bench</title><script>__pb0=performance.now()</script><script>${code[v]}</script><script>__pb1=performance.now()</script>${v === 'ours-wizard' ? wizard : form}`,
    ]),
  );
}

/** Before any page script: every idle and timer callback is timed, and the originals kept for the harness. */
const INSTRUMENT = `(() => {
  const w = window, now = performance.now.bind(performance), ric = w.requestIdleCallback, st = w.setTimeout;
  w.__pbIdle = 0; w.__pbRic = ric.bind(w);
  const wrap = (cb) => typeof cb !== 'function' ? cb : function (...a) {
    const t0 = now();
    try { return cb.apply(this, a); } finally { w.__pbIdle += now() - t0; }
  };
  w.requestIdleCallback = function (cb, o) { return ric.call(w, wrap(cb), o); };
  w.setTimeout = function (cb, ms, ...a) { return st.call(w, wrap(cb), ms, ...a); };
})();`;

/** Two idle periods (the page's idle work is queued before the first), then until every request the page made is
 * answered (Plausible's page view, the snippet's view beacon), at most 3 s. */
async function settle(page: import('playwright-core').Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as unknown as { __pbRic: (cb: () => void) => void };
    const idle = () => new Promise<void>((r) => w.__pbRic(() => r()));
    await idle();
    await idle();
    const t0 = performance.now();
    while (
      performance.now() - t0 < 3000 &&
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).some((e) => !e.responseEnd) // a pending one has none yet
    )
      await idle();
  });
}

type Metrics = { task: number; script: number };
async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

export interface Sample {
  /** Main-thread CPU from navigation until settled (ms), all tasks / script only. */
  task: number;
  script: number;
  /** The same as `task` in wall time: busy or waiting, and inflated by whatever else holds the core. */
  taskWall: number;
  /** In-page clocks (ms): evaluation between the markers, and the idle / timer callbacks up to settling. */
  evalMs: number;
  idleMs: number;
  /** The first submit: the synchronous handlers (requestSubmit), the callbacks they scheduled, and its CPU. */
  submitMs: number;
  submitLaterMs: number;
  submitTask: number;
  /** The visitor's first focus in the form (before the submit): main-thread CPU until settled. */
  focusTask: number;
  /** The same focus, in-page clock: the focus and every focusin listener, run inside the visitor's click or tap. */
  focusMs: number;
}

/** One first visit (a fresh context: no storage yet) to the variant's page: load, settle, then one submit. */
async function sample(browser: Browser, pagesUrl: string, v: Variant): Promise<Sample> {
  const context = await browser.newContext();
  try {
    await context.addInitScript(INSTRUMENT);
    const page = await context.newPage();
    // On the site's origin first, so the measured navigation stays in this renderer and its counters go on.
    await page.goto(`${pagesUrl}/thanks`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    // A second session reads the same counters in wall time: that counts the main thread waiting on the browser
    // process (a first storage access is a synchronous round trip), which thread time leaves out.
    const wall = await context.newCDPSession(page);
    await wall.send('Performance.enable', { timeDomain: 'timeTicks' });
    const sent: string[] = [];
    const scripts: string[] = [];
    page.on('request', (r) => (r.method() === 'POST' ? sent : scripts).push(r.url()));
    const w0 = await metrics(wall);
    const m0 = await metrics(cdp);
    await page.goto(`${pagesUrl}/load-${v}`, { waitUntil: 'load' });
    await settle(page);
    const m1 = await metrics(cdp);
    const w1 = await metrics(wall);
    const view = PAGE_VIEW[v];
    if (view && !sent.some((u) => view.test(u))) throw new Error(`load cost: ${v} sent no page view (${sent.join(', ') || 'no request'})`);
    // Only the wizard's page loads the flows' click handler: the others' figures must not hold it, the wizard's must.
    if (scripts.some((u) => u.includes('/flows.js?')) !== (v === 'ours-wizard')) throw new Error(`load cost: ${v} and /flows.js (${scripts.join(', ')})`);
    const inPage = await page.evaluate(() => {
      const w = window as unknown as { __pb0: number; __pb1: number; __pbIdle: number };
      return { evalMs: w.__pb1 - w.__pb0, idleMs: w.__pbIdle };
    });
    // A visitor focuses a field before typing and submitting: the focus and its work come first, measured apart.
    const focusMs = await page.evaluate(() => {
      const t0 = performance.now();
      (document.querySelector('[name=field_5]') as HTMLInputElement).focus(); // focusin listeners run inside it
      return performance.now() - t0;
    });
    await settle(page);
    const mf = await metrics(cdp);
    const submitMs = await page.evaluate(() => {
      const form = document.getElementById('lead') as HTMLFormElement;
      (form.querySelector('[name=field_5]') as HTMLInputElement).value = 'a first submit';
      const t0 = performance.now();
      form.requestSubmit(); // every submit listener runs inside it; the page's own prevents the navigation
      return performance.now() - t0;
    });
    await settle(page);
    const m2 = await metrics(cdp);
    const idleAfter = await page.evaluate(() => (window as unknown as { __pbIdle: number }).__pbIdle);
    return {
      task: m1.task - m0.task,
      taskWall: w1.task - w0.task,
      script: m1.script - m0.script,
      ...inPage,
      submitMs,
      submitLaterMs: idleAfter - inPage.idleMs,
      focusTask: mf.task - m1.task,
      focusMs,
      submitTask: m2.task - mf.task,
    };
  } finally {
    await context.close();
  }
}

export type LoadCost = Record<Variant, Sample[]>;

/** `reps` first visits per variant, the variants interleaved so each sees the same machine state. */
export async function loadCost(browser: Browser, pagesUrl: string, reps: number): Promise<LoadCost> {
  const out = Object.fromEntries(VARIANTS.map((v) => [v, [] as Sample[]])) as LoadCost;
  await sample(browser, pagesUrl, 'ours'); // warm-up: the browser's first context and page cost more, for any variant
  for (let i = 0; i < reps; i++) for (const v of VARIANTS) out[v].push(await sample(browser, pagesUrl, v));
  return out;
}

/** Median and p90 of one figure for a variant, optionally minus the no-script page's median of it. */
export function stat(cost: LoadCost, v: Variant, pick: (s: Sample) => number, lessNone = false) {
  const base = lessNone ? median(cost.none.map(pick)) : 0;
  const xs = cost[v].map(pick);
  return { median: median(xs) - base, p90: percentile(xs, 90) - base };
}

/** The script work at load beyond the page without a script: main-thread CPU in JavaScript, its evaluation and every
 * callback with the native calls they make (storage, sendBeacon, fetch). The verdict's figure: the page-wide task
 * counter beside it also holds parsing, style and network tasks, and its no-script baseline (~16 ms) is noisy enough to
 * swing a 1 ms difference by half from run to run. */
export const scriptWork = (cost: LoadCost, v: Variant) => stat(cost, v, (s) => s.script, true);
/** The whole main-thread work at load beyond the page without a script: every task, CPU time. */
export const wholeWork = (cost: LoadCost, v: Variant) => stat(cost, v, (s) => s.task, true);
/** The first submit's main-thread time beyond the page's own handler, in-page clocks: its handlers plus the send
 * they schedule. */
export const firstSubmit = (cost: LoadCost, v: Variant) => stat(cost, v, (s) => s.submitMs + s.submitLaterMs, true);
/** The first submit's main-thread CPU until settled, beyond the page without a script (the verdict's figure: the
 * in-page clocks count the time other processes hold the core). */
export const firstSubmitCpu = (cost: LoadCost, v: Variant) => stat(cost, v, (s) => s.submitTask, true);

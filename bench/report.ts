// The bench's markdown: every measurement as a table row, the goals that are still ours with their verdicts, and
// the size history and per-part costs carried along.
import { readFile } from 'node:fs/promises';
import type { BigFormCost } from './big-form.ts';
import type { PageCost } from './browser.ts';
import { firstSubmit, firstSubmitCpu, type LoadCost, METHOD, scriptWork, stat, type Variant, wholeWork } from './load-cost.ts';
import type { Size } from './size.ts';
import { fmt } from './stats.ts';
import { GOALS, ROWS } from './rows.ts';
import type { Throughput } from './throughput.ts';

export interface Results {
  quick: boolean;
  machine: string;
  size: Size[];
  load: LoadCost;
  cost: PageCost;
  big: BigFormCost;
  tput: { ingest: Throughput; bare: Throughput };
  events: { events: Throughput; bare: Throughput };
  ledger: { ledgerRps: number; bareRps: number };
  cpu: { msPerCapture: number };
  d1: { msPerBatch: number; rowsPerBatch: number; messages: number };
  latency: { p50: number; p95: number };
  durationS: number;
}

const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
const mp = (x: { median: number; p90: number }, d = 2) => `${fmt(x.median, d)} / ${fmt(x.p90, d)}`;
const LOAD_COLUMNS: [Variant, string][] = [
  ['none', 'no script'],
  ['plausible', 'Plausible'],
  ['ours', 'prospect-beacon'],
  ['ours-na', 'prospect-beacon without analytics'],
  ['ours-wizard', 'prospect-beacon, the form a wizard’s (loads /flows.js)'],
];

type SizeRow = { date: string; raw: number | null; gzip: number; brotli: number | null; gzipNoAnalytics: number | null; note: string };

/** The size history as a table; `current` (the full run's figures) is added as a row when they changed. */
export async function sizeHistory(current?: Omit<SizeRow, 'note'>): Promise<{ table: string; rows: SizeRow[]; changed: boolean }> {
  const data = JSON.parse(await readFile('bench/size-history.json', 'utf8')) as { about: string; rows: SizeRow[] };
  const last = data.rows.at(-1);
  const changed = !!current && (current.gzip !== last?.gzip || current.gzipNoAnalytics !== last?.gzipNoAnalytics);
  if (changed) data.rows.push({ ...current!, note: 'measured by npm run bench' });
  const n = (x: number | null) => (x === null ? '' : String(x));
  const table = [
    '| date | raw | gzip -9 | brotli -q 11 | gzip -9 without analytics | what changed |',
    '|---|---:|---:|---:|---:|---|',
    ...data.rows.map((r) => `| ${r.date} | ${n(r.raw)} | ${r.gzip} | ${n(r.brotli)} | ${n(r.gzipNoAnalytics)} | ${r.note} |`),
  ].join('\n');
  return { table, rows: data.rows, changed };
}

export async function report(r: Results, history: string): Promise<string> {
  const { load } = r;
  const reps = load.none.length;
  const ours = scriptWork(load, 'ours');
  const plausible = scriptWork(load, 'plausible');
  const ratio = ours.median / plausible.median;
  const submit = firstSubmitCpu(load, 'ours');
  const submitClock = firstSubmit(load, 'ours');
  const sizeRow = (s: Size) => `| ${s.name} | ${s.raw} | ${s.gzip} | ${s.brotli} |`;
  // The parts, as the served build's bytes beyond the build without each (run.ts: served, no analytics, no consent).
  const [served, noAnalytics, noConsent, banners] = r.size as [Size, Size, Size, Size];
  const partRow = (name: string, without: Size) =>
    `| ${name} | ${served.raw - without.raw} | ${served.gzip - without.gzip} | ${served.brotli - without.brotli} |`;
  const consent = served.gzip - noConsent.gzip;
  const loadRow = (label: string, cells: (v: Variant) => string) => `| ${label} | ${LOAD_COLUMNS.map(([v]) => cells(v)).join(' | ')} |`;
  const tputRow = (label: string, t: Throughput) => `| ${label} | ${fmt(t.rps, 0)} | ${t.p50} | ${t.p99} |`;
  const parts = await readFile('bench/size-parts.md', 'utf8');
  return `# Benchmarks

${r.quick ? '**Quick run** (tiny iteration counts: it proves the bench runs, its figures mean nothing). ' : ''}Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${r.machine}, in ${fmt(r.durationS, 0)} s. \`npm run bench\` regenerates this file; loopback only.

## Size (bytes)

| file | raw | gzip -9 | brotli -q 11 |
|---|---:|---:|---:|
${r.size.map(sizeRow).join('\n')}
${partRow(ROWS.partAnalytics, noAnalytics)}
${partRow(ROWS.partConsent, noConsent)}

## Load cost in Chromium (the same 30-field page for all, in the last column with a plain "Next" button beside its submit button; ${reps} first visits each, interleaved; median / p90)

Method: ${METHOD}.

| measure | ${LOAD_COLUMNS.map(([, name]) => name).join(' | ')} |
|---|${LOAD_COLUMNS.map(() => '---:').join('|')}|
${loadRow(ROWS.loadScript, (v) => mp(scriptWork(load, v)))}
${loadRow(ROWS.loadRatio, (v) => (v === 'none' ? '' : fmt(scriptWork(load, v).median / plausible.median, 2)))}
${loadRow(ROWS.loadEval, (v) => mp(stat(load, v, (s) => s.evalMs)))}
${loadRow(ROWS.loadIdle, (v) => mp(stat(load, v, (s) => s.idleMs)))}
${loadRow(ROWS.loadTask, (v) => mp(wholeWork(load, v)))}
${loadRow(ROWS.loadWall, (v) => mp(stat(load, v, (s) => s.taskWall, true)))}
${loadRow(ROWS.firstSubmit, (v) => mp(firstSubmit(load, v)))}
${loadRow(ROWS.firstSubmitSync, (v) => mp(stat(load, v, (s) => s.submitMs, true)))}
${loadRow(ROWS.firstSubmitCpu, (v) => mp(firstSubmitCpu(load, v)))}
${loadRow(ROWS.firstFocus, (v) => mp(stat(load, v, (s) => s.focusTask, true)))}
${loadRow(ROWS.firstFocusSync, (v) => mp(stat(load, v, (s) => s.focusMs, true)))}

The page without a script spends ${mp(stat(load, 'none', (s) => s.task))} ms of main-thread CPU from navigation to settled (median / p90).

## Submit handling in Chromium (after warm-up)

| measure | median | p95 |
|---|---:|---:|
| ${ROWS.steadySubmit} | ${fmt(r.cost.submitMedianMs - r.cost.baselineMedianMs, 3)} | ${fmt(r.cost.submitP95Ms - r.cost.baselineP95Ms, 3)} |
| ${ROWS.bigForm} | ${fmt(r.big.medianMs, 2)} | ${fmt(r.big.p95Ms, 2)} |

The steady state is 30-field submits timed ten at a time (Chromium's clock is coarsened to 0.1 ms); the page alone
takes ${fmt(r.cost.baselineMedianMs, 3)} ms median.

## Worker on loopback (wrangler dev, 10 connections, alternating rounds, medians)

| route | req/s | p50 (ms) | p99 (ms) |
|---|---:|---:|---:|
${tputRow(ROWS.bare, r.tput.bare)}
${tputRow(ROWS.ingest, r.tput.ingest)}
${tputRow(ROWS.events, r.events.events)}
| ${ROWS.ledger} | ${fmt(r.ledger.ledgerRps, 0)} | | |

Ingest runs at ${fmt(r.tput.ingest.rps / r.tput.bare.rps, 2)}× the bare route, events at ${fmt(r.events.events.rps / r.events.bare.rps, 2)}× (its own /healthz rounds: ${fmt(r.events.bare.rps, 0)} req/s), the ledger at ${fmt(r.ledger.ledgerRps / r.ledger.bareRps, 2)}× (${fmt(r.ledger.bareRps, 0)} req/s). These are wrangler dev's figures on a
shared machine: each capture also crosses the local Queue, the ledger Durable Object and the log pipe. In production
one Durable Object serves about 1,000 requests a second (Cloudflare's guidance) and each accepted capture costs the
ledger 2–3 calls, so it caps captures near 300–500 a second whatever the worker's own throughput.

| measure | figure |
|---|---:|
| ${ROWS.cpu} | ${fmt(r.cpu.msPerCapture * 1000, 1)} |
| ${ROWS.d1} | ${fmt(r.d1.msPerBatch, 2)} ms, ${r.d1.rowsPerBatch} rows for ${r.d1.messages} messages |
| ${ROWS.latency} | p50 ${r.latency.p50}, p95 ${r.latency.p95} |

CPU per capture: parse, validate, identity and the Architect body, bundled from worker/ and run in Node. The D1
write is the consumer's own SQL on SQLite in Node. End-to-end latency is mostly the queue's \`max_batch_timeout\`.

## Against the goals

| goal | measured | |
|---|---|---|
| ${ROWS.goalLoad} | ${fmt(ours.median, 2)} ms vs ${fmt(plausible.median, 2)} ms main-thread CPU in script: ${fmt(ratio, 2)}× (all tasks: ${fmt(wholeWork(load, 'ours').median / wholeWork(load, 'plausible').median, 2)}×) | ${verdict(ratio <= GOALS.loadRatio)} |
| ${ROWS.goalSubmit} | ${fmt(submit.median, 2)} ms main-thread CPU (p90 ${fmt(submit.p90, 2)} ms; in-page clock ${fmt(submitClock.median, 2)} ms) | ${verdict(submit.median <= GOALS.firstSubmitMs)} |
| ${ROWS.goalAnalytics} | ${served.gzip} B (form analytics ${served.gzip - noAnalytics.gzip} B, consent detection ${consent} B) | ${verdict(served.gzip <= GOALS.analyticsGzip)} |
| ${ROWS.goalServed} | ${served.gzip} B | ${verdict(served.gzip <= GOALS.servedGzip)} |
| ${ROWS.goalConsent} | ${consent} B | ${verdict(consent <= GOALS.consentGzip)} |
| ${ROWS.goalConsentAuto} | ${consent + banners.gzip} B (${consent} B in the snippet, ${banners.gzip} B of banner readers in a second request) | ${verdict(consent + banners.gzip <= GOALS.consentGzip)} |

## Size history of the served snippet (bench/size-history.json)

${history}

${parts}`;
}

// `npm run bench`: size, load cost beside Plausible, submit cost, worker throughput, CPU per capture and end-to-end
// latency, in one run on this machine; prints a markdown table and writes bench/results.md. `--quick` runs every
// part with tiny counts (seconds) and writes its table elsewhere (`--out <file>`, else the temp folder): the test
// suite runs it so the bench cannot rot. Loopback only; ends by itself. Timings are never asserted.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { launch } from '../tools/browser.ts';
import { startPages } from '../tools/pages.ts';
import { startStack } from '../tools/stack.ts';
import { d1WriteCost, eventsThroughput, ledgerCeiling } from './analytics.ts';
import { bigFormCost } from './big-form.ts';
import { endToEndLatency, pageCost, thirtyFieldForm } from './browser.ts';
import { cpuPerCapture } from './cpu.ts';
import { loadCost, loadCostPages } from './load-cost.ts';
import { report, sizeHistory } from './report.ts';
import { sizes } from './size.ts';
import { realisticCapture, throughput } from './throughput.ts';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } } });
const quick = args.quick!;
const out = args.out ?? (quick ? `${tmpdir()}/prospect-beacon-bench-quick.md` : 'bench/results.md');
/** Repetitions: the full run's fit its 5-minute budget on 2 shared cores; the quick run's only prove each part runs
 * (the smallest counts each part's warm-up slicing leaves a figure with). */
const N = quick
  ? { loads: 1, batches: 4, bigForm: 6, rounds: 1, seconds: 1, cpu: 50, latency: 1, d1: 6, d1Size: 10 }
  : { loads: 20, batches: 60, bigForm: 45, rounds: 3, seconds: 3, cpu: 5000, latency: 10, d1: 30, d1Size: 100 };

const started = performance.now();
const step = (name: string) => console.error(`bench: ${name} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
step('sizes');
const size = await sizes();
step('stack');
const stack = await startStack({
  apiKey: 'bench-key',
  site: async (worker) =>
    startPages(
      worker,
      new Map([['bench-with', thirtyFieldForm(true, worker)], ['bench-without', thirtyFieldForm(false, worker)], ...(await loadCostPages(worker))]),
    ),
  vars: { RATE_LIMITS: 'off', MIN_FILL_MS: '0', ADMIN_TOKEN },
});
const { stub, worker } = stack;
const pages = stack.site!;
const browser = await launch();
let code = 0;
try {
  step('load cost');
  const load = await loadCost(browser, pages.url, N.loads);
  step('submit cost');
  const cost = await pageCost(browser, pages.url, N.batches);
  const big = await bigFormCost(browser, await readFile('dist/snippet.js', 'utf8'), N.bigForm);
  step('worker throughput');
  const tput = await throughput(worker, pages.url, N.rounds, N.seconds);
  const events = await eventsThroughput(worker, pages.url, N.rounds, N.seconds);
  const ledger = await ledgerCeiling(worker, ADMIN_TOKEN, N.rounds, N.seconds);
  step('CPU and D1');
  const cpu = await cpuPerCapture(realisticCapture(pages.url), N.cpu);
  const d1 = await d1WriteCost(N.d1, N.d1Size);
  step('end to end');
  const latency = await endToEndLatency(browser, pages.url, stub.url, N.latency);

  const [ours, oursNa] = size;
  const current = { date: new Date().toISOString().slice(0, 10), raw: ours!.raw, gzip: ours!.gzip, brotli: ours!.brotli, gzipNoAnalytics: oursNa!.gzip };
  // Only the full run keeps history: a quick run's table shows it with today's figures but writes nothing back.
  const history = await sizeHistory(current);
  if (!quick && history.changed) {
    const file = JSON.parse(await readFile('bench/size-history.json', 'utf8')) as { about: string };
    await writeFile('bench/size-history.json', `${JSON.stringify({ about: file.about, rows: history.rows }, null, 2)}\n`);
  }
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average ${loadavg()[0]!.toFixed(1)} at the end, Node ${process.version}, Chromium ${browser.version()}`;
  const durationS = (performance.now() - started) / 1000;
  const table = await report({ quick, machine, size, load, cost, big, tput, events, ledger, cpu, d1, latency, durationS }, history.table);
  console.log(table);
  await writeFile(out, table);
  // `npm run lint` holds markdown to biome's format (aligned tables): the committed file is written as it wants it.
  if (!quick) execFileSync(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'format', '--write', out], { stdio: 'ignore' });
  step(`wrote ${out}`);
} catch (err) {
  console.error(err);
  code = 1;
} finally {
  await browser.close();
  await stack.stop();
}
process.exit(code);

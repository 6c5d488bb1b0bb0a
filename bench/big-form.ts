// The snippet's cost on a hostile form (issue 11): 100 fields whose labels are 20 KB each, in Chromium. What the
// submit handler costs, with the snippet minus without, per submit. Goal: ≤ 10 ms. Run alone: node bench/big-form.ts
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { launch } from '../tools/browser.ts';
import { median, percentile } from './stats.ts';

const LABEL = 'Please tell us about your team and project '.repeat(470); // ~20 KB

function page(code: string | null): string {
  const fields = Array.from({ length: 100 }, (_, i) => {
    const [name, type] = i === 0 ? ['email', 'email'] : [`field_${i}`, 'text'];
    return `<label for="f${i}">${i} ${LABEL}</label><input id="f${i}" name="${name}" type="${type}" value="${i === 0 ? 'bench@example.com' : `value ${i}`}">`;
  }).join('\n');
  const tag = code === null ? '' : `<script data-endpoint="http://127.0.0.1:9/v1/submissions">${code}</script>`;
  return `<!doctype html><title>Big form</title>${tag}<form id="lead">${fields}<button>Send</button></form>
<script>document.getElementById('lead').addEventListener('submit', function (e) { e.preventDefault(); });</script>`;
}

/** Submit times (ms), one submit at a time with a new value each (so no dedupe), after warm-up. */
async function times(browser: Browser, html: string, n: number): Promise<number[]> {
  const p = await browser.newPage();
  await p.setContent(html);
  const out = await p.evaluate(async (n) => {
    const form = document.getElementById('lead') as HTMLFormElement;
    const input = form.querySelector('[name=field_5]') as HTMLInputElement;
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      input.value = `value ${i}`;
      const t0 = performance.now();
      form.requestSubmit();
      t.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    return t;
  }, n);
  await p.close();
  return out.slice(5);
}

export interface BigFormCost {
  medianMs: number;
  p95Ms: number;
}

export async function bigFormCost(browser: Browser, code: string, n = 45): Promise<BigFormCost> {
  const withTimes = await times(browser, page(code), n);
  const without = await times(browser, page(null), n);
  return { medianMs: median(withTimes) - median(without), p95Ms: percentile(withTimes, 95) - percentile(without, 95) };
}

if (process.argv[1]?.endsWith('big-form.ts')) {
  const browser = await launch();
  try {
    const cost = await bigFormCost(browser, await readFile('dist/snippet.js', 'utf8'));
    console.log(
      `100 fields, 20 KB labels: the snippet's share of a submit, median ${cost.medianMs.toFixed(2)} ms, p95 ${cost.p95Ms.toFixed(2)} ms (goal ≤ 10 ms)`,
    );
  } finally {
    await browser.close();
  }
}

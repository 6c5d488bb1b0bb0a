// Page cost in Chromium: the snippet's share of steady-state submit handling, beside the same page without it;
// and end-to-end latency, submit in the browser → log stored at the stand-in. Load cost is in load-cost.ts.
import type { Browser } from 'playwright-core';
import { median, percentile } from './stats.ts';

/** A 30-field lead form: what a long enterprise "contact sales" form looks like. */
export function thirtyFieldForm(withTag: boolean, worker: string): string {
  const fields = Array.from({ length: 30 }, (_, i) => {
    const [name, type] = i === 0 ? ['email', 'email'] : i === 1 ? ['phone', 'tel'] : [`field_${i}`, 'text'];
    return `<label for="f${i}">Field ${i}</label><input id="f${i}" name="${name}" type="${type}" value="${i === 0 ? 'bench@example.com' : i === 1 ? '+14155550134' : `value ${i}`}">`;
  }).join('\n');
  const tag = withTag ? `<script src="${worker}/s.js"></script>` : '';
  return `<!doctype html><title>Bench</title>${tag}<form id="lead">${fields}<button>Send</button></form>
<script>document.getElementById('lead').addEventListener('submit', function (e) { e.preventDefault(); });</script>`;
}

export interface PageCost {
  submitMedianMs: number;
  submitP95Ms: number;
  baselineMedianMs: number;
  baselineP95Ms: number;
}

/** Times form.requestSubmit() (every listener runs inside it), ten submits at a time with new values (so no
 * dedupe), divided by ten: Chromium's clock is coarsened to 0.1 ms, too coarse to time one submit. Between
 * batches it waits for the snippet's answers, so its outbox stays as small as a visitor's. */
async function submitTimes(browser: Browser, url: string, batches: number): Promise<number[]> {
  const page = await browser.newPage();
  await page.goto(url);
  const times = await page.evaluate(async (batches) => {
    const form = document.getElementById('lead') as HTMLFormElement;
    const input = form.querySelector('[name=field_5]') as HTMLInputElement;
    const out: number[] = [];
    let n = 0;
    for (let b = 0; b < batches; b++) {
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) {
        input.value = `value ${n++}`;
        form.requestSubmit();
      }
      out.push((performance.now() - t0) / 10);
      await new Promise((r) => setTimeout(r, 30));
    }
    return out;
  }, batches);
  await page.close();
  return times.slice(3); // the first batches pay for JIT warm-up on both pages alike
}

/** `reps` batches of ten submits on the page with the snippet, then on the page without it. */
export async function pageCost(browser: Browser, pagesUrl: string, reps = 60): Promise<PageCost> {
  const withTimes = await submitTimes(browser, `${pagesUrl}/bench-with`, reps);
  const without = await submitTimes(browser, `${pagesUrl}/bench-without`, reps);
  return {
    submitMedianMs: median(withTimes),
    submitP95Ms: percentile(withTimes, 95),
    baselineMedianMs: median(without),
    baselineP95Ms: percentile(without, 95),
  };
}

/** Submit in Chromium → the log stored at the stand-in, one submission at a time. */
export async function endToEndLatency(browser: Browser, pagesUrl: string, stubUrl: string, n = 20): Promise<{ p50: number; p95: number }> {
  const page = await browser.newPage();
  await page.goto(`${pagesUrl}/spa?email=first@example.com`);
  await page.waitForFunction(() => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function');
  const tag = Date.now().toString(36);
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const email = `lat.${tag}.${i}@example.com`;
    const t0 = Date.now();
    await page.evaluate((email) => {
      const form = document.getElementById('lead') as HTMLFormElement;
      (form.querySelector('[name=email]') as HTMLInputElement).value = email;
      form.requestSubmit();
    }, email);
    for (;;) {
      const { logs } = (await (await fetch(`${stubUrl}/_stub/logs`)).json()) as { logs: { request: { email?: string } }[] };
      if (logs.some((l) => l.request.email === email)) break;
      if (Date.now() - t0 > 30_000) throw new Error('a submission did not arrive within 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    latencies.push(Date.now() - t0);
  }
  await page.close();
  return { p50: median(latencies), p95: percentile(latencies, 95) };
}

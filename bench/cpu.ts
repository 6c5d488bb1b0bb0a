// Worker CPU per capture, in-process: the parse → identity → Architect body path that every capture takes,
// bundled from worker/ and timed over many iterations (I/O, the queue and the ledger are not CPU here).
import { importBundled } from './bundle.ts';

const ENTRY = `
import * as v from 'valibot';
import { CaptureSchema } from './worker/ingest/capture';
import { buildProspectLog } from './worker/ingest/prospect-log';
export function run(body, n) {
  const ctx = { defaultSource: 'website', logType: 'form-submission', defaultPhoneRegion: 'US', receivedAt: new Date(), userAgent: 'bench', country: 'US' };
  let ok = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const parsed = v.safeParse(CaptureSchema, JSON.parse(body));
    if (parsed.success && buildProspectLog(parsed.output, ctx).ok) ok++;
  }
  return { ms: (performance.now() - t0) / n, ok };
}`;

export async function cpuPerCapture(body: string, iterations = 5000): Promise<{ msPerCapture: number }> {
  const { run } = await importBundled<{ run: (b: string, n: number) => { ms: number; ok: number } }>(ENTRY);
  run(body, 500); // warm up the JIT
  const rounds = [run(body, iterations), run(body, iterations), run(body, iterations)];
  if (rounds.some((r) => r.ok !== iterations)) throw new Error('the benchmark capture was not accepted');
  return { msPerCapture: rounds.map((r) => r.ms).sort((a, b) => a - b)[1]! };
}

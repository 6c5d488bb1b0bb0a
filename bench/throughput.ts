// Worker throughput on loopback: POST /v1/submissions with a realistic capture beside GET /healthz (the bare
// route), alternating in rounds so both see the same machine state.
import autocannon from 'autocannon';
import { nanoid } from 'nanoid';
import { median } from './stats.ts';

export function realisticCapture(origin: string, id = nanoid()): string {
  return JSON.stringify({
    v: 1,
    id,
    source: 'pricing-page',
    page: { url: `${origin}/pricing?utm_source=google`, title: 'Pricing | Acme', referrer: 'https://www.google.com/' },
    form: { id: 'demo', name: 'book-demo', action: '/thanks', method: 'post' },
    fields: [
      { name: 'full_name', value: 'Ada Lovelace', type: 'text', autocomplete: 'name', label: 'Full name' },
      { name: 'work_email', value: `ada.${id}@example.com`, type: 'email', label: 'Work e-mail' },
      { name: 'phone', value: '+1 415 555 0134', type: 'tel', label: 'Phone' },
      { name: 'company', value: 'Analytical Engines Ltd', type: 'text', label: 'Company' },
      { name: 'team_size', value: '11-50', type: 'select-one', label: 'Team size' },
      {
        name: 'message',
        value: 'We would like a walkthrough of the reporting features for our sales team.',
        type: 'textarea',
        label: 'What would you like to see?',
      },
    ],
    touches: [{ url: `${origin}/?utm_source=google&utm_campaign=brand`, referrer: 'https://www.google.com/', ts: Date.now() }],
    consent: 'unknown',
    ts: Date.now(),
    elapsed: 15000,
  });
}

export interface Throughput {
  rps: number;
  p50: number;
  p99: number;
}

async function once(url: string, origin: string, ingest: boolean, seconds: number): Promise<Throughput> {
  const r = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [
      ingest
        ? {
            method: 'POST',
            path: '/v1/submissions',
            headers: { 'content-type': 'text/plain', origin },
            setupRequest: (req) => ({ ...req, body: realisticCapture(origin) }),
          }
        : { method: 'GET', path: '/healthz' },
    ],
  });
  if (r.non2xx || r.errors) throw new Error(`${ingest ? 'ingest' : 'healthz'}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

export async function throughput(url: string, origin: string, rounds = 3, seconds = 5): Promise<{ ingest: Throughput; bare: Throughput }> {
  const ingest: Throughput[] = [];
  const bare: Throughput[] = [];
  await once(url, origin, true, Math.min(2, seconds)); // warm-up, not counted
  for (let i = 0; i < rounds; i++) {
    bare.push(await once(url, origin, false, seconds));
    ingest.push(await once(url, origin, true, seconds));
  }
  const pick = (list: Throughput[]) => ({ rps: median(list.map((t) => t.rps)), p50: median(list.map((t) => t.p50)), p99: median(list.map((t) => t.p99)) });
  return { ingest: pick(ingest), bare: pick(bare) };
}

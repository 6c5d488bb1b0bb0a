// Form analytics' costs: the view beacon's work in the page (Chromium), POST /v1/events beside /healthz, and the D1
// write per event batch (the consumer's own SQL, run in Node's SQLite: D1 is SQLite, billed by rows written).
import autocannon from 'autocannon';
import { readFile, readdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { importBundled } from './bundle.ts';
import { median, percentile } from './stats.ts';

/** The snippet's idle callback (where analytics counts and sends the views), timed with and without analytics, on
 * the 30-field form page; and that page's own load time, the reference the share is of. */
export async function viewBeaconCost(browser: Browser, pagesUrl: string, worker: string, reps = 40) {
  const [withCode, withoutCode] = await Promise.all([readFile('dist/snippet.js', 'utf8'), readFile('dist/snippet.no-analytics.js', 'utf8')]);
  const on: number[] = [];
  const off: number[] = [];
  const loads: number[] = [];
  for (let i = 0; i < reps * 2; i++) {
    const page = await browser.newPage();
    await page.goto(`${pagesUrl}/bench-without`, { waitUntil: 'load' });
    loads.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd));
    const ms = await page.evaluate(
      async ([code, endpoint]) => {
        const ric = window.requestIdleCallback;
        let took = -1;
        window.requestIdleCallback = ((cb: IdleRequestCallback) =>
          ric((d) => {
            const t0 = performance.now();
            cb(d);
            took = performance.now() - t0;
          })) as typeof ric;
        const s = document.createElement('script');
        s.textContent = code!;
        s.setAttribute('data-endpoint', endpoint!);
        document.head.appendChild(s);
        while (took < 0) await new Promise((r) => setTimeout(r, 5));
        return took;
      },
      [i % 2 ? withoutCode : withCode, `${worker}/v1/submissions`],
    );
    (i % 2 ? off : on).push(ms);
    await page.close();
  }
  return { idleWithMs: median(on), idleWithoutMs: median(off), idleWithP95Ms: percentile(on, 95), loadMs: median(loads) };
}

/** POST /v1/events (one page view: three form views) beside GET /healthz, alternating rounds, medians. */
export async function eventsThroughput(url: string, origin: string, rounds = 3, seconds = 5) {
  const body = JSON.stringify([
    `${origin}/pricing?utm_source=google`,
    'https://www.google.com/',
    [
      ['lead', 0],
      ['newsletter', 0],
      ['search', 0],
    ],
  ]);
  const run = async (events: boolean) => {
    const r = await autocannon({
      url,
      connections: 10,
      duration: seconds,
      requests: [
        events ? { method: 'POST', path: '/v1/events', headers: { 'content-type': 'text/plain', origin }, body } : { method: 'GET', path: '/healthz' },
      ],
    });
    if (r.non2xx || r.errors) throw new Error(`${events ? 'events' : 'healthz'}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
  };
  const ev = [];
  const bare = [];
  for (let i = 0; i < rounds; i++) {
    ev.push(await run(true));
    bare.push(await run(false));
  }
  const mid = (xs: { rps: number; p50: number; p99: number }[]) => ({
    rps: median(xs.map((x) => x.rps)),
    p50: median(xs.map((x) => x.p50)),
    p99: median(xs.map((x) => x.p99)),
  });
  return { events: mid(ev), bare: mid(bare) };
}

const ENTRY = `export { storeEvents } from './worker/analytics/store';`;

/** The consumer's batch (100 messages: page views of 2 forms over 20 pages, 5 sources, 10 countries, 3 devices) into
 * SQLite with the real migration, through a D1-shaped adapter: ms per batch and rows written per batch. */
export async function d1WriteCost(batches = 30, size = 100) {
  const { DatabaseSync } = await import('node:sqlite');
  {
    type Store = { storeEvents: (db: unknown, batch: { id: string; body: unknown }[]) => Promise<number> };
    const { storeEvents } = await importBundled<Store>(ENTRY);
    const sqlite = new DatabaseSync(':memory:');
    for (const file of (await readdir('migrations')).filter((f) => f.endsWith('.sql')).sort()) sqlite.exec(await readFile(`migrations/${file}`, 'utf8'));
    let written = 0;
    // Just enough of D1's API for storeEvents: prepare → bind → all, and batch in one transaction.
    const stmt = (sql: string, args: unknown[] = []) => ({
      bind: (...a: unknown[]) => stmt(sql, a),
      all: async () => ({ results: sqlite.prepare(sql).all(...(args as never[])) }),
      run: () => (written += Number(sqlite.prepare(sql).run(...(args as never[])).changes)),
      read: sql.startsWith('SELECT'),
    });
    const db = {
      prepare: (sql: string) => stmt(sql),
      batch: async (list: ReturnType<typeof stmt>[]) => {
        sqlite.exec('BEGIN');
        const out = [];
        for (const s of list) out.push(s.read ? await s.all() : s.run());
        sqlite.exec('COMMIT');
        return out;
      },
    };
    const times: number[] = [];
    const rows: number[] = [];
    let n = 0;
    for (let b = 0; b < batches; b++) {
      const msgs = Array.from({ length: size }, () => {
        const i = n++;
        const d = {
          site: 'https://www.example.com',
          page: `/p${i % 20}`,
          source: `s${i % 5}`,
          utmSource: '',
          utmMedium: '',
          utmCampaign: `c${i % 3}`,
          country: `C${i % 10}`,
          device: ['desktop', 'mobile', 'tablet'][i % 3]!,
        };
        return {
          id: `m${i}`,
          body: {
            v: 1,
            t: Date.now(),
            rows: [
              { d: { ...d, form: 'lead' }, c: { views: 1, starts: i % 4 ? 0 : 1 } },
              { d: { ...d, form: 'news' }, c: { views: 1 } },
            ],
          },
        };
      });
      const before = written;
      const t0 = performance.now();
      await storeEvents(db, msgs);
      times.push(performance.now() - t0);
      rows.push(written - before);
    }
    return { msPerBatch: median(times.slice(5)), rowsPerBatch: median(rows), messages: size };
  }
}

/** The capture ledger is one Durable Object on every capture's path: its ceiling here is GET /admin/captures/<id>
 * (one point read in the object per request, answered 404) beside GET /healthz, alternating rounds, medians. */
export async function ledgerCeiling(url: string, token: string, rounds = 3, seconds = 5) {
  const run = async (ledger: boolean) => {
    const r = await autocannon({
      url,
      connections: 10,
      duration: seconds,
      requests: [
        ledger ? { method: 'GET', path: '/admin/captures/bench-none', headers: { authorization: `Bearer ${token}` } } : { method: 'GET', path: '/healthz' },
      ],
    });
    // The ledger route answers 404 (no such capture) after asking the object: anything else is a failure.
    const expected = ledger ? (r.statusCodeStats['404']?.count ?? 0) : r.requests.total - r.non2xx;
    if (r.errors || expected < r.requests.total)
      throw new Error(`${ledger ? 'ledger' : 'healthz'}: ${r.errors} errors, ${r.requests.total - expected} unexpected answers`);
    return r.requests.average;
  };
  const ledger = [];
  const bare = [];
  for (let i = 0; i < rounds; i++) {
    ledger.push(await run(true));
    bare.push(await run(false));
  }
  return { ledgerRps: median(ledger), bareRps: median(bare) };
}

// `npm run test:load`: a bounded load run on loopback. Valid captures are fired at `wrangler dev` while the
// stand-in fails every 5th upstream call with a 500; afterwards every capture the worker accepted (202) must
// be stored at the stand-in exactly once. A correctness check under load, not a timing test. Ends by itself.
import autocannon from 'autocannon';
import { nanoid } from 'nanoid';
import { startStack } from './stack.ts';

const TOTAL = Number(process.env.LOAD_REQUESTS ?? 2000);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 16);
const ORIGIN = 'http://load.test';

const started = Date.now();
const stack = await startStack({
  apiKey: 'load-key',
  origin: ORIGIN,
  vars: { RATE_LIMITS: 'off', MIN_FILL_MS: '0', RETRY_BASE_SECONDS: '1', RETRY_MAX_SECONDS: '2' },
});
const { stub, dev } = stack;
let failed = false;
try {
  await fetch(`${stub.url}/_stub/faults`, { method: 'POST', body: JSON.stringify({ kind: 'status', status: 500, every: 5 }) });
  const accepted = new Set<string>();
  const answers: Record<number, number> = {};
  const result = await autocannon({
    url: dev.url,
    connections: CONNECTIONS,
    amount: TOTAL,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/v1/submissions',
        headers: { 'content-type': 'text/plain', origin: ORIGIN },
        setupRequest: (req) => {
          const id = nanoid();
          const body = JSON.stringify({
            v: 1,
            id,
            page: { url: `${ORIGIN}/load` },
            fields: [
              { name: 'email', value: `load.${id}@example.com`, type: 'email' },
              { name: 'name', value: 'Load Test' },
            ],
            ts: Date.now(),
          });
          return { ...req, body };
        },
        onResponse: (status, body) => {
          answers[status] = (answers[status] ?? 0) + 1;
          if (status === 202) accepted.add((JSON.parse(body) as { id: string }).id);
        },
      },
    ],
  });
  console.log(
    `load: ${result.requests.total} requests in ${(result.duration).toFixed(1)} s (${result.requests.average.toFixed(0)} req/s), answers ${JSON.stringify(answers)}, errors ${result.errors}, timeouts ${result.timeouts}`,
  );

  // Wait until every accepted capture is stored (retries included), then a little more for late duplicates.
  const perKey = new Map<string, number>();
  const count = () => {
    perKey.clear();
    for (const log of stub.standIn.logs) perKey.set(log.idempotencyKey!, (perKey.get(log.idempotencyKey!) ?? 0) + 1);
    return [...accepted].filter((id) => perKey.has(`pb_${id}`)).length;
  };
  const deadline = Date.now() + 180_000;
  while (count() < accepted.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  await new Promise((r) => setTimeout(r, 3000));
  const stored = count();
  const duplicated = [...perKey.values()].filter((n) => n > 1).length;
  const lost = accepted.size - stored;
  const fivexx = Object.entries(answers)
    .filter(([s]) => Number(s) >= 500)
    .reduce((a, [, n]) => a + n, 0);
  console.log(
    `load: ${accepted.size} accepted, ${stored} stored exactly once, ${duplicated} duplicated, ${lost} lost, ${fivexx} answered 5xx; upstream calls ${stub.counts().calls}, ${stub.counts().faulted} of them failed with a 500; ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
  );
  // The faults must really have struck, or the run proved nothing about retries.
  failed = lost > 0 || duplicated > 0 || accepted.size !== TOTAL || fivexx > 0 || stub.counts().faulted < TOTAL / 10;
} finally {
  await stack.stop();
}
console.log(failed ? '0 passed, 1 failed' : '1 passed, 0 failed');
process.exit(failed ? 1 : 0);

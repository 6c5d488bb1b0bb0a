// The stand-in Architect API over HTTP on 127.0.0.1, with a control surface for tests:
//   POST /v0/prospect_logs   the contract (see stub/architect.ts)
//   GET  /_stub/logs         what it stored, with the request bodies
//   POST /_stub/faults       queue faults for the next requests; GET lists the pending ones
//   GET  /_stub/calls?idempotencyKey=K   how many POSTs carried that key, faulted or not (tests in parallel
//                            files count their own deliveries without disturbing one another)
//   POST /_stub/reset        forget everything
//   POST /turnstile/v0/siteverify   Cloudflare Turnstile's test secrets, for the worker's Turnstile tests
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { ArchitectStandIn, errorAnswer, type Answer } from './architect.ts';

/** A fault replaces the real answer for the next matching request(s). */
export type Fault = ({ kind: 'status'; status: number; retryAfter?: number } | { kind: 'hang'; ms?: number } | { kind: 'malformed' } | { kind: 'drop' }) & {
  /** How many matching requests it applies to (default 1). */
  times?: number;
  /** Only requests carrying this idempotencyKey. */
  idempotencyKey?: string;
  /** Every Nth matching request, until reset (load tests: intermittent failures); `times` is then ignored. */
  every?: number;
};

const CODES: Record<number, string> = { 429: 'RATE_LIMITED', 500: 'INTERNAL_ERROR', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT' };

/** Cloudflare Turnstile's siteverify, as its documented test secrets behave
 * (developers.cloudflare.com/turnstile/troubleshooting/testing): 1x… always passes, 2x… always fails,
 * 3x… answers "token already spent". Lets tests check the worker's Turnstile path with no network. */
async function siteverify(raw: string, contentType: string): Promise<Answer> {
  // The fetch API's own form parser reads both encodings siteverify accepts (urlencoded and multipart).
  let params: FormData;
  try {
    params = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { status: 400, body: { success: false, 'error-codes': ['bad-request'] } };
  }
  const secret = String(params.get('secret') ?? '');
  const token = String(params.get('response') ?? '');
  if (!token) return { status: 200, body: { success: false, 'error-codes': ['missing-input-response'] } };
  if (secret.startsWith('1x')) return { status: 200, body: { success: true, 'error-codes': [], hostname: 'example.com' } };
  if (secret.startsWith('3x')) return { status: 200, body: { success: false, 'error-codes': ['timeout-or-duplicate'] } };
  return { status: 200, body: { success: false, 'error-codes': ['invalid-input-response'] } };
}

export interface StubOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  /** The longest a request body may be (bytes); Architect's own limit is not published. */
  maxBody?: number;
}

export interface RunningStub {
  url: string;
  port: number;
  standIn: ArchitectStandIn;
  /** Calls to /v0/prospect_logs so far, and how many of them a fault answered. */
  counts(): { calls: number; faulted: number };
  server: Server;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: Answer): void {
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(body);
}

function keyOf(raw: string): string | undefined {
  try {
    const key = (JSON.parse(raw) as { idempotencyKey?: unknown }).idempotencyKey;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

export async function startStub(opts: StubOptions = {}): Promise<RunningStub> {
  const standIn = new ArchitectStandIn(opts.apiKey ?? 'dev-architect-key');
  const maxBody = opts.maxBody ?? 1024 * 1024;
  let faults: (Fault & { times: number; seen?: number })[] = [];
  const hanging = new Set<ServerResponse>();
  /** Every POST to /v0/prospect_logs, faults included (standIn.requests counts those that reached it). */
  let calls = 0;
  let faulted = 0;
  const callsByKey = new Map<string, number>();

  /** The first queued fault that matches this request, counted down. */
  function takeFault(raw: string): Fault | undefined {
    const key = keyOf(raw);
    for (let i = 0; i < faults.length; i++) {
      const fault = faults[i]!;
      if (fault.idempotencyKey !== undefined && fault.idempotencyKey !== key) continue;
      if (fault.every) {
        fault.seen = (fault.seen ?? 0) + 1;
        if (fault.seen % fault.every === 0) return fault;
        continue;
      }
      if (--fault.times <= 0) faults.splice(i, 1);
      return fault;
    }
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    const raw = await readBody(req, maxBody);
    if (raw === null) return send(res, errorAnswer(413, 'PAYLOAD_TOO_LARGE', `the body is over ${maxBody} bytes`));

    if (path === '/v0/prospect_logs') {
      if (req.method !== 'POST') return send(res, errorAnswer(405, 'METHOD_NOT_ALLOWED', 'use POST'));
      calls++;
      const key = keyOf(raw);
      if (key !== undefined) callsByKey.set(key, (callsByKey.get(key) ?? 0) + 1);
      const fault = takeFault(raw);
      if (fault) faulted++;
      switch (fault?.kind) {
        case undefined:
          return send(res, standIn.createProspectLog(req.headers, raw));
        case 'status': {
          const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
          const details = fault.retryAfter === undefined ? undefined : { retryAfter: fault.retryAfter };
          return send(res, errorAnswer(fault.status, CODES[fault.status] ?? 'ERROR', 'injected fault', details, headers));
        }
        case 'hang':
          hanging.add(res);
          setTimeout(() => {
            hanging.delete(res);
            if (!res.writableEnded) send(res, errorAnswer(504, 'GATEWAY_TIMEOUT', 'injected hang ended'));
          }, fault.ms ?? 30_000).unref();
          return;
        case 'malformed': {
          // The log IS stored; only the answer is garbled, as when a proxy mangles a response.
          const answer = standIn.createProspectLog(req.headers, raw);
          if (answer.status !== 201) return send(res, answer);
          return send(res, { status: 201, body: '{"prospectId": 42, "prospectLogId": ' });
        }
        case 'drop':
          req.socket.destroy();
          return;
      }
    }
    if (path === '/_stub/logs' && req.method === 'GET') {
      return send(res, { status: 200, body: { logs: standIn.logs, prospects: standIn.prospects, requests: standIn.requests, calls, faulted } });
    }
    if (path === '/_stub/calls' && req.method === 'GET') {
      const key = new URL(req.url ?? '/', 'http://stub').searchParams.get('idempotencyKey') ?? '';
      return send(res, { status: 200, body: { idempotencyKey: key, calls: callsByKey.get(key) ?? 0 } });
    }
    if (path === '/_stub/faults') {
      if (req.method === 'GET') return send(res, { status: 200, body: { faults } });
      if (req.method === 'POST') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw || '{}');
        } catch {
          return send(res, errorAnswer(400, 'VALIDATION_ERROR', 'faults must be JSON'));
        }
        const list = (Array.isArray(parsed) ? parsed : [parsed]) as Fault[];
        faults.push(...list.map((f) => ({ ...f, times: f.times ?? 1 })));
        return send(res, { status: 200, body: { faults } });
      }
    }
    if (path === '/_stub/reset' && req.method === 'POST') {
      standIn.reset();
      faults = [];
      calls = faulted = 0;
      callsByKey.clear();
      return send(res, { status: 200, body: { ok: true } });
    }
    if (path === '/turnstile/v0/siteverify' && req.method === 'POST') return send(res, await siteverify(raw, String(req.headers['content-type'] ?? '')));
    if (path === '/healthz') return send(res, { status: 200, body: { ok: true } });
    return send(res, errorAnswer(404, 'NOT_FOUND', 'no such route'));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, errorAnswer(500, 'INTERNAL_ERROR', 'stand-in crashed'));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    standIn,
    counts: () => ({ calls, faulted }),
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const stub = await startStub({
    port: Number(process.env.STUB_PORT ?? 8788),
    host: process.env.STUB_HOST ?? '127.0.0.1',
    apiKey: process.env.STUB_API_KEY ?? 'dev-architect-key',
  });
  console.log(
    `stand-in Architect API on ${stub.url} (x-api-key: ${process.env.STUB_API_KEY ? '<STUB_API_KEY>' : 'dev-architect-key'}); stored logs: ${stub.url}/_stub/logs`,
  );
  const stop = () => void stub.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

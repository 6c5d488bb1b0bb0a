// `npm run deploy` against a fake wrangler on PATH: a first run, a re-run that only deploys, a missing login, a
// failing step, each asserted on the wrangler calls made, the account state they left, and what the operator read.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAccount, FakeCall } from './fake-wrangler.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FAKE = fileURLToPath(new URL('./fake-wrangler.ts', import.meta.url));
const QUEUES = ['prospect-beacon-captures', 'prospect-beacon-events', 'prospect-beacon-dead-letters'];

let dir: string;
let server: Server;
let healthzHits = 0;
/** What the test server's /healthz answers: the worker's own answers, ok or misconfigured. */
let healthz = { status: 200, body: '{"ok":true}' };
let url: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pb-deploy-'));
  mkdirSync(`${dir}/bin`);
  for (const cmd of ['wrangler', 'npm']) {
    writeFileSync(`${dir}/bin/${cmd}`, `#!/bin/sh\nexec "${process.execPath}" "${FAKE}" ${cmd} "$@"\n`);
    chmodSync(`${dir}/bin/${cmd}`, 0o755);
  }
  healthzHits = 0;
  healthz = { status: 200, body: '{"ok":true}' };
  server = createServer((req, res) => {
    if (req.url !== '/healthz') return res.writeHead(404).end();
    healthzHits++;
    res.writeHead(healthz.status, { 'content-type': 'application/json' }).end(healthz.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  account({});
});

afterEach(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the fake account: a fresh, logged-in one with nothing in it, changed by `over`. */
function account(over: Partial<FakeAccount>): void {
  const fresh: FakeAccount = {
    loggedIn: true,
    accounts: [{ id: 'acc-1', name: 'Acme' }],
    queues: [],
    queuePageSize: 20,
    databases: [],
    provisionsDatabase: 'prospect-beacon-analytics',
    migrationsApplied: false,
    workerExists: false,
    kvProvisioned: false,
    secrets: {},
    deployUrl: url ?? 'http://127.0.0.1:9',
  };
  writeFileSync(`${dir}/state.json`, JSON.stringify({ ...fresh, ...over }));
  writeFileSync(`${dir}/calls.jsonl`, '');
}

const state = (): FakeAccount => JSON.parse(readFileSync(`${dir}/state.json`, 'utf8'));
const calls = (): FakeCall[] =>
  readFileSync(`${dir}/calls.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
/** The calls as the operator would have typed them: "wrangler queues create x", "npm run build". */
const typed = () => calls().map((c) => [c.cmd, ...c.args].join(' '));

function deploy(opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PATH: `${dir}/bin:${process.env.PATH}`,
    FAKE_STATE_DIR: dir,
    DEPLOY_HEALTHZ_WAIT_MS: '5000',
  };
  for (const k of ['ARCHITECT_API_KEY', 'CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN']) delete env[k];
  const child = spawn(process.execPath, ['tools/deploy.ts'], { cwd: ROOT, env: { ...env, ...opts.env }, stdio: 'pipe' });
  child.stdin.end(opts.stdin ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr })));
}

describe('npm run deploy', { timeout: 120_000 }, () => {
  it('sets up a fresh account in order, prints the admin token once and the script tag, and checks /healthz', async () => {
    const run = await deploy({ stdin: 'arch-key-from-stdin\n' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(typed()).toEqual([
      'wrangler whoami --json',
      'wrangler secret list',
      'wrangler queues list --page 1',
      ...QUEUES.map((q) => `wrangler queues create ${q}`),
      'wrangler d1 list --json',
      'wrangler secret put ARCHITECT_API_KEY',
      'wrangler secret put ADMIN_TOKEN',
      'npm run build',
      'wrangler deploy',
      // The database is created by the deploy (automatic provisioning), so its schema follows it.
      'wrangler d1 migrations apply DB --remote',
    ]);
    const after = state();
    expect(after.queues).toEqual(QUEUES);
    expect(after.migrationsApplied).toBe(true);
    expect(after.secrets.ARCHITECT_API_KEY).toBe('arch-key-from-stdin');
    const token = after.secrets.ADMIN_TOKEN ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Secrets travel on stdin, never in argv where `ps` would show them.
    expect(calls().every((c) => !c.args.some((a) => a.includes(token) || a.includes('arch-key')))).toBe(true);
    expect(run.stdout.split(token).length - 1).toBe(1);
    expect(run.stdout).toContain(`<script defer src="${url}/s.js"></script>`);
    // wrangler.toml ships with no site allowed: the operator is told before the first capture is refused.
    expect(run.stdout).toContain('ALLOWED_ORIGINS is empty in wrangler.toml');
    expect(run.stdout).toContain(`${url}/healthz answers 200`);
    expect(healthzHits).toBeGreaterThan(0);
  });

  it('changes nothing but the deploy on a second run', async () => {
    expect((await deploy({ stdin: 'arch-key-from-stdin' })).code).toBe(0);
    const before = state();
    account({ ...before });
    const run = await deploy();
    expect(run.code).toBe(0);
    expect(typed()).toEqual([
      'wrangler whoami --json',
      'wrangler secret list',
      'wrangler queues list --page 1',
      'wrangler d1 list --json',
      // The database exists: pending migrations go in before the new code (here there are none).
      'wrangler d1 migrations apply DB --remote',
      'npm run build',
      'wrangler deploy',
    ]);
    expect(state()).toEqual(before);
    expect(run.stdout).toContain('Queues: all 3 exist');
    expect(run.stdout).toContain('ARCHITECT_API_KEY already set');
    expect(run.stdout).toContain('ADMIN_TOKEN already set');
    expect(run.stdout).not.toContain(before.secrets.ADMIN_TOKEN ?? 'no token');
  });

  it('reads every page of the queue list before deciding a queue is missing', async () => {
    const others = ['billing-jobs', 'mailer', 'thumbnails', 'webhooks'];
    account({
      queues: [...others, ...QUEUES.slice(0, 2)],
      queuePageSize: 2,
      workerExists: true,
      secrets: { ARCHITECT_API_KEY: 'k', ADMIN_TOKEN: 't'.repeat(43) },
    });
    const run = await deploy();
    expect(run.code).toBe(0);
    expect(typed().filter((c) => c.includes('queues'))).toEqual([
      'wrangler queues list --page 1',
      'wrangler queues list --page 2',
      'wrangler queues list --page 3',
      'wrangler queues list --page 4',
      'wrangler queues create prospect-beacon-dead-letters',
    ]);
  });

  it('stops before changing anything when wrangler is not logged in, and says to run wrangler login', async () => {
    account({ loggedIn: false });
    const run = await deploy({ stdin: 'arch-key-from-stdin' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('wrangler login');
    expect(run.stderr).toContain('Nothing was changed');
    expect(typed()).toEqual(['wrangler whoami --json']);
    expect(state()).toMatchObject({ queues: [], secrets: {}, workerExists: false });
  });

  it("stops before changing anything when Architect's key is neither set, in the environment, nor piped in", async () => {
    const run = await deploy({ stdin: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ARCHITECT_API_KEY is not set');
    expect(typed()).toEqual(['wrangler whoami --json', 'wrangler secret list']);
  });

  it("takes Architect's key from the environment", async () => {
    expect((await deploy({ env: { ARCHITECT_API_KEY: 'arch-key-from-env' } })).code).toBe(0);
    expect(state().secrets.ARCHITECT_API_KEY).toBe('arch-key-from-env');
  });

  it('asks for an account id when the login sees several accounts', async () => {
    account({
      accounts: [
        { id: 'acc-1', name: 'Acme' },
        { id: 'acc-2', name: 'Acme Labs' },
      ],
    });
    const run = await deploy({ stdin: 'k' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CLOUDFLARE_ACCOUNT_ID=<id> npm run deploy');
    expect(run.stderr).toContain('acc-2  Acme Labs');
    expect(typed()).toEqual(['wrangler whoami --json']);
  });

  it('stops at a failing step with its error, exits non-zero, and runs nothing after it', async () => {
    account({ failOn: 'queues create' });
    const run = await deploy({ stdin: 'arch-key-from-stdin' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Creating queue prospect-beacon-captures failed');
    expect(run.stderr).toContain('Queues are unavailable on this plan');
    expect(run.stderr).toContain('run `npm run deploy` again');
    expect(typed().at(-1)).toBe('wrangler queues create prospect-beacon-captures');
    expect(state()).toMatchObject({ queues: [], secrets: {}, workerExists: false });
  });

  it('shows what /healthz answered when it never turns ok, such as the var a misconfigured worker names', async () => {
    healthz = { status: 503, body: '{"error":{"code":"misconfigured","issues":[{"path":"ALLOWED_ORIGINS"}]}}' };
    const run = await deploy({ stdin: 'k', env: { DEPLOY_HEALTHZ_WAIT_MS: '1000' } });
    expect(run.code).toBe(0);
    expect(healthzHits).toBeGreaterThan(0);
    expect(run.stdout).toContain(`${url}/healthz answered 503 {"error":{"code":"misconfigured","issues":[{"path":"ALLOWED_ORIGINS"}]}}`);
  });

  it('warns, and still succeeds, when /healthz does not answer in time', async () => {
    account({ deployUrl: 'http://127.0.0.1:9' });
    const run = await deploy({ stdin: 'k', env: { DEPLOY_HEALTHZ_WAIT_MS: '1000' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('http://127.0.0.1:9/healthz did not answer within 1 s');
    expect(typed()).toContain('wrangler deploy');
  });
});

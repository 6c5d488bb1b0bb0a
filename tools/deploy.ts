// `npm run deploy`: one command, safe to repeat, from a fresh Cloudflare account to a live worker and its script tag.
// Needs wrangler >= 4.45 (automatic provisioning of the KV namespace and D1 database from bindings without ids;
// tested with 4.164, the devDependency). Every step first looks at what exists and only adds what is missing, so a
// second run changes nothing but the deploy itself. `wrangler` is taken from PATH (npm puts node_modules/.bin first).
//   Environment: ARCHITECT_API_KEY (else asked for, or read from piped stdin), CLOUDFLARE_ACCOUNT_ID (when the
//   login sees several accounts), DEPLOY_HEALTHZ_WAIT_MS (how long to wait for /healthz, default 60000).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { experimental_readRawConfig } from 'wrangler';
import { type DeployConfig, deployConfig, deployedBase, parseD1List, parseQueueTable, parseSecretList, parseWhoami } from './deploy/read.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HEALTHZ_WAIT_MS = Number(process.env.DEPLOY_HEALTHZ_WAIT_MS ?? 60_000);

/** A step that could not be done: its message is the whole story the operator reads. */
class StepError extends Error {}

interface Run {
  code: number;
  out: string;
}

/** Runs a command from PATH. `echo` shows its output as it comes; `input` is written to its stdin (never argv). */
function run(cmd: string, args: string[], opts: { echo?: boolean; input?: string; terminal?: boolean } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // stdin closed unless a value is piped: wrangler then takes its non-interactive defaults instead of prompting.
    const stdio = opts.terminal ? 'inherit' : ([opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] as const);
    const child = spawn(cmd, args, { cwd: ROOT, stdio: stdio as never });
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b;
      if (opts.echo) process.stdout.write(b);
    });
    child.stderr?.on('data', (b: Buffer) => {
      out += b;
      if (opts.echo) process.stderr.write(b);
    });
    child.stdin?.end(opts.input);
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new StepError(`\`${cmd}\` was not found on PATH: run this as \`npm run deploy\` from the project folder.`) : e),
    );
    child.once('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const wrangler = (args: string[], opts?: Parameters<typeof run>[2]) => run('wrangler', args, opts);

/** Whether a step that changes the account has started: the failure message says whether a re-run is needed. */
let changed = false;

/** Runs a wrangler step that must succeed; on failure, stops with what it said. `change`: it alters the account. */
async function must(what: string, args: string[], opts?: Parameters<typeof run>[2] & { change?: boolean }): Promise<string> {
  if (opts?.change) changed = true;
  const r = await wrangler(args, opts);
  if (r.code !== 0) {
    const said = opts?.echo || opts?.terminal ? '' : `\n${r.out.trim().split('\n').slice(-12).join('\n')}`;
    throw new StepError(`${what} failed (\`wrangler ${args.join(' ')}\` exited with ${r.code}).${said}`);
  }
  return r.out;
}

const say = (line: string) => console.log(line);

async function checkLogin(accountInConfig: string | undefined): Promise<void> {
  const who = parseWhoami((await wrangler(['whoami', '--json'])).out);
  if ('unreadable' in who)
    throw new StepError(`Could not read the login from \`wrangler whoami --json\` (it needs wrangler >= 4.45 and the network):\n${who.unreadable}`);
  if (!who.loggedIn) throw new StepError('Not logged in to Cloudflare. Run `npx wrangler login` (or set CLOUDFLARE_API_TOKEN), then `npm run deploy` again.');
  // Several accounts: wrangler cannot choose one without a prompt, and this script answers none.
  if (who.accounts.length > 1 && !process.env.CLOUDFLARE_ACCOUNT_ID && !accountInConfig) {
    const list = who.accounts.map((a) => `  ${a.id}  ${a.name}`).join('\n');
    throw new StepError(`This login sees ${who.accounts.length} Cloudflare accounts; choose one with CLOUDFLARE_ACCOUNT_ID=<id> npm run deploy:\n${list}`);
  }
  say(`✓ Logged in to Cloudflare${who.email ? ` as ${who.email}` : ''}`);
}

/** The secrets the worker has. A worker not deployed yet has none. */
async function secretNames(): Promise<string[]> {
  const r = await wrangler(['secret', 'list']);
  const names = parseSecretList(r.code, r.out);
  if (names === 'unreadable') throw new StepError(`Listing the worker's secrets failed (\`wrangler secret list\` exited with ${r.code}):\n${r.out.trim()}`);
  return names ?? [];
}

/** Architect's key, decided before anything changes: the environment, else piped stdin, else wrangler's own hidden prompt. */
async function apiKeySource(): Promise<{ value: string } | 'prompt'> {
  const env = process.env.ARCHITECT_API_KEY?.trim();
  if (env) return { value: env };
  if (process.stdin.isTTY) return 'prompt';
  const piped = (await text(process.stdin)).trim();
  if (!piped)
    throw new StepError('ARCHITECT_API_KEY is not set on the worker: set it in the environment, pipe it in, or run `npm run deploy` in a terminal to type it.');
  return { value: piped };
}

async function ensureQueues(wanted: string[]): Promise<void> {
  const found = new Set<string>();
  // `queues list` pages its answer: read on until every wanted queue is seen or a page comes back empty.
  for (let page = 1; page <= 50 && wanted.some((q) => !found.has(q)); page++) {
    const names = parseQueueTable(await must('Listing queues', ['queues', 'list', '--page', String(page)]));
    if (names.length === 0) break;
    for (const n of names) found.add(n);
  }
  const missing = wanted.filter((q) => !found.has(q));
  for (const q of missing) {
    await must(`Creating queue ${q}`, ['queues', 'create', q], { change: true });
    say(`✓ Created queue ${q}`);
  }
  if (missing.length === 0) say(`✓ Queues: all ${wanted.length} exist (${wanted.join(', ')})`);
}

async function applyMigrations(binding: string): Promise<void> {
  await must(`Applying D1 migrations to ${binding}`, ['d1', 'migrations', 'apply', binding, '--remote'], { echo: true, change: true });
  say(`✓ D1 migrations applied to ${binding}`);
}

async function waitForHealthz(base: string): Promise<void> {
  const deadline = Date.now() + HEALTHZ_WAIT_MS;
  let answer = '';
  for (;;) {
    const left = deadline - Date.now();
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(Math.max(500, Math.min(5_000, left))) });
      if (res.ok) return say(`✓ ${base}/healthz answers ${res.status}`);
      // A 503 misconfigured names the var to fix: worth showing if it never turns ok.
      answer = `${res.status} ${(await res.text()).slice(0, 300)}`;
    } catch {
      // not reachable yet: a new workers.dev name can take a minute to resolve
    }
    if (Date.now() >= deadline) {
      const s = Math.round(HEALTHZ_WAIT_MS / 1000);
      return say(
        answer
          ? `! ${base}/healthz answered ${answer} for ${s} s: see the README's "Configuration" and "Troubleshooting".`
          : `! ${base}/healthz did not answer within ${s} s. A new workers.dev name can take a minute: try \`curl ${base}/healthz\` shortly.`,
      );
    }
    await new Promise((r) => setTimeout(r, Math.min(2_000, Math.max(0, deadline - Date.now()))));
  }
}

async function main(): Promise<void> {
  const config = deployConfig(experimental_readRawConfig({ config: `${ROOT}wrangler.toml` }).rawConfig as never);

  // Nothing below changes anything until the login, the secrets and Architect's key are known.
  await checkLogin(config.accountId);
  const secrets = await secretNames();
  const apiKey = secrets.includes('ARCHITECT_API_KEY') ? undefined : await apiKeySource();

  await ensureQueues(config.queues);

  // An existing database takes its migrations before the new code; a new one is created by the deploy itself
  // (automatic provisioning), so its migrations follow it.
  const existing = config.databases.some((d) => !d.id) ? parseD1List(await must('Listing D1 databases', ['d1', 'list', '--json'])) : [];
  if (existing === 'unreadable') throw new StepError('Could not read `wrangler d1 list --json`.');
  const isNew = (d: DeployConfig['databases'][number]) => !d.id && !existing.includes(d.name ?? '');
  for (const db of config.databases.filter((d) => !isNew(d))) await applyMigrations(db.binding);

  if (apiKey === 'prompt') {
    say("Architect's API key is not set on the worker yet: paste it at wrangler's prompt (input is hidden).");
    await must('Setting ARCHITECT_API_KEY', ['secret', 'put', 'ARCHITECT_API_KEY'], { terminal: true, change: true });
  } else if (apiKey) {
    await must('Setting ARCHITECT_API_KEY', ['secret', 'put', 'ARCHITECT_API_KEY'], { input: apiKey.value, change: true });
  }
  if (apiKey) say('✓ ARCHITECT_API_KEY set');
  else say('✓ ARCHITECT_API_KEY already set');
  if (!secrets.includes('ADMIN_TOKEN')) {
    // 32 random bytes, 43 base64url characters: the worker keeps the admin routes off below 32 characters.
    const token = randomBytes(32).toString('base64url');
    await must('Setting ADMIN_TOKEN', ['secret', 'put', 'ADMIN_TOKEN'], { input: token, change: true });
    say(`✓ ADMIN_TOKEN created. It is shown this once; keep it in your password manager (the console at /admin asks for it):\n\n    ${token}\n`);
  } else say('✓ ADMIN_TOKEN already set');

  changed = true;
  const build = await run('npm', ['run', 'build'], { terminal: true });
  if (build.code !== 0) throw new StepError(`The build failed (\`npm run build\` exited with ${build.code}).`);
  const deployed = await must('Deploying', ['deploy'], { echo: true, change: true });
  for (const db of config.databases.filter(isNew)) await applyMigrations(db.binding);

  const base = deployedBase(deployed, config.routePrefix);
  if (!base) {
    say('! Deployed, but wrangler printed no URL (workers_dev off and no route?): the tag is <script defer src="https://<your worker>/s.js"></script>');
    return;
  }
  say(`\n✓ Deployed. Put this on your pages (see the README's "Install on a site" for its settings):\n\n    <script defer src="${base}/s.js"></script>\n`);
  if (!config.allowedOrigins.trim()) {
    say('! ALLOWED_ORIGINS is empty in wrangler.toml, so no site may post yet: list your sites there and run `npm run deploy` again.');
  }
  await waitForHealthz(base);
}

main().catch((e: unknown) => {
  console.error(`\n✘ ${e instanceof StepError ? e.message : (e as Error).stack}`);
  console.error(
    changed
      ? '  Nothing after this step ran. Fix the cause and run `npm run deploy` again: the steps already done are skipped.'
      : '  Nothing was changed on Cloudflare. Fix the cause and run `npm run deploy` again.',
  );
  process.exit(1);
});

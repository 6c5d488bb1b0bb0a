// A stand-in for the `wrangler` and `npm` commands the deploy script runs: it records every call and answers as
// wrangler 4.164 does, keeping the account's state (queues, databases, secrets) in a JSON file between runs.
// Run as: node fake-wrangler.ts <wrangler|npm> args…, with FAKE_STATE_DIR pointing at the state folder.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';

export interface FakeAccount {
  loggedIn: boolean;
  accounts: { id: string; name: string }[];
  queues: string[];
  /** Rows per `queues list` page, as the API pages them. */
  queuePageSize: number;
  databases: string[];
  /** The D1 database a deploy provisions when it is missing (the binding's database_name). */
  provisionsDatabase: string;
  migrationsApplied: boolean;
  workerExists: boolean;
  kvProvisioned: boolean;
  secrets: Record<string, string>;
  /** Printed by `deploy` as the worker's URL. */
  deployUrl: string;
  /** A call whose args start with this string fails with wrangler's API error. */
  failOn?: string;
}

export interface FakeCall {
  cmd: string;
  args: string[];
  stdin?: string;
}

const dir = process.env.FAKE_STATE_DIR!;
const statePath = `${dir}/state.json`;

async function main(): Promise<number> {
  const [cmd = '', ...args] = process.argv.slice(2);
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as FakeAccount;
  const stdin = process.stdin.isTTY ? '' : await text(process.stdin);
  const call: FakeCall = { cmd, args, ...(stdin ? { stdin } : {}) };
  appendFileSync(`${dir}/calls.jsonl`, `${JSON.stringify(call)}\n`);
  const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const said = (s: string, code: number) => {
    out(s);
    return code;
  };
  const fail = (s: string) => {
    process.stderr.write(`\n✘ [ERROR] ${s}\n\n`);
    return 1;
  };

  if (cmd === 'npm') return said('> prospect-beacon build\n> node build.mjs', 0);
  if (state.failOn && args.join(' ').startsWith(state.failOn)) {
    return fail('A request to the Cloudflare API (/accounts/acc-1/queues) failed.\n\n  Queues are unavailable on this plan [code: 10023]');
  }
  const [a, b, name = ''] = args;
  const banner = () => out(' ⛅️ wrangler 4.164.0\n────────────────────');

  if (a === 'whoami') {
    if (!state.loggedIn) return said('{"loggedIn":false}', 1);
    return said(JSON.stringify({ loggedIn: true, authType: 'OAuth Token', email: 'ops@example.com', accounts: state.accounts }), 0);
  }
  if (!state.loggedIn) return fail('You are not authenticated. Please run `wrangler login`.');

  if (a === 'queues' && b === 'list') {
    banner();
    const page = Number(args[args.indexOf('--page') + 1] || 1);
    const rows = state.queues.slice((page - 1) * state.queuePageSize, page * state.queuePageSize);
    if (rows.length === 0) return 0;
    const w = Math.max(4, ...rows.map((r) => r.length));
    const line = (l: string, m: string, r: string) => `${l}${'─'.repeat(34)}${m}${'─'.repeat(w + 2)}${m}${'─'.repeat(11)}${r}`;
    out(line('┌', '┬', '┐'));
    out(`│ ${'id'.padEnd(32)} │ ${'name'.padEnd(w)} │ producers │`);
    out(line('├', '┼', '┤'));
    for (const [i, r] of rows.entries()) out(`│ ${`q${i}`.padEnd(32)} │ ${r.padEnd(w)} │ 1         │`);
    out(line('└', '┴', '┘'));
    return 0;
  }
  if (a === 'queues' && b === 'create') {
    if (state.queues.includes(name)) return fail(`A request to the Cloudflare API failed. Queue name already taken [code: 11009]`);
    state.queues.push(name);
    save();
    return said(`🌀 Creating queue '${name}'\n✅ Created queue '${name}'`, 0);
  }
  if (a === 'd1' && b === 'list') return said(JSON.stringify(state.databases.map((name, i) => ({ uuid: `uuid-${i}`, name, version: 'production' }))), 0);
  if (a === 'd1' && b === 'migrations') {
    if (!state.databases.includes(state.provisionsDatabase)) return fail("Couldn't find a D1 DB with the name or binding 'DB' in your wrangler.toml file.");
    banner();
    if (state.migrationsApplied) return said('✅ No migrations to apply!', 0);
    state.migrationsApplied = true;
    save();
    return said('Migrations to be applied:\n│ 0001_analytics.sql │\n🚣 8 commands executed successfully.', 0);
  }
  if (a === 'secret' && b === 'list') {
    if (!state.workerExists) {
      return fail('Worker "prospect-beacon" not found.\n\nIf this is a new Worker, run `wrangler deploy` first to create it.');
    }
    const list = Object.keys(state.secrets).map((name) => ({ name, type: 'secret_text' }));
    return said(JSON.stringify(list, null, '  '), 0);
  }
  if (a === 'secret' && b === 'put') {
    banner();
    if (!state.workerExists) out('🌀 Creating new Worker "prospect-beacon"...');
    state.workerExists = true;
    state.secrets[name] = stdin.trim();
    save();
    return said(`✨ Success! Uploaded secret ${name}`, 0);
  }
  if (a === 'deploy') {
    banner();
    if (!state.kvProvisioned || !state.databases.includes(state.provisionsDatabase)) {
      out('The following bindings need to be provisioned:\nBinding  Resource\nenv.DEAD_LETTERS  KV Namespace');
      if (!state.databases.includes(state.provisionsDatabase)) state.databases.push(state.provisionsDatabase);
      state.kvProvisioned = true;
      out('🎉 Resources provisioned, continuing with deployment...');
    }
    state.workerExists = true;
    save();
    out('Total Upload: 612.13 KiB / gzip: 151.02 KiB\nUploaded prospect-beacon (3.10 sec)');
    out(`Deployed prospect-beacon triggers (1.20 sec)\n  ${state.deployUrl}\n  schedule: 17 3 * * *\n  Producer for prospect-beacon-captures`);
    return said('Current Version ID: 7b1f2c3d-0000-4000-8000-000000000000', 0);
  }
  return fail(`the fake wrangler does not know: ${args.join(' ')}`);
}

process.exitCode = await main();

// The real config and the real bundle build for Cloudflare: `wrangler deploy --dry-run`, offline, no account.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('bundles the worker from wrangler.toml with `wrangler deploy --dry-run`, with no network and no account', { timeout: 180_000 }, async () => {
  // The worker embeds the built snippet and console (worker/generated/, written by `npm run build`).
  expect(existsSync(`${ROOT}worker/generated`), 'run `npm run build` first').toBe(true);
  const outdir = mkdtempSync(join(tmpdir(), 'pb-dry-run-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true' };
    for (const k of ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID']) delete env[k];
    const { stdout } = await promisify(execFile)(`${ROOT}node_modules/.bin/wrangler`, ['deploy', '--dry-run', '--outdir', outdir], { cwd: ROOT, env });
    expect(stdout).toContain('--dry-run: exiting now.');
    // Every binding the worker needs is in the config wrangler read.
    for (const binding of ['DEAD_LETTERS', 'DB', 'CAPTURE_QUEUE', 'EVENTS_QUEUE', 'LEDGER', 'VISITS', 'PENDING_INDEX']) expect(stdout).toContain(binding);
    const bundle = readdirSync(outdir).find((f) => f.endsWith('.js'));
    expect(bundle).toBeDefined();
    expect(statSync(join(outdir, bundle ?? '')).size).toBeGreaterThan(10_000);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

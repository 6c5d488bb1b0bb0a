// `npm start`: build the snippet, start the stand-in Architect API and `wrangler dev` with the demo page.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startStub } from '../stub/server.ts';
import { startWranglerDev } from './wrangler-dev.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8787);
const stubPort = Number(process.env.STUB_PORT ?? 8788);
const apiKey = 'dev-architect-key';
const adminToken = process.env.ADMIN_TOKEN ?? 'dev-admin-token';

execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'inherit' });
const stub = await startStub({ port: stubPort, apiKey });
const dev = await startWranglerDev({
  port,
  vars: {
    ARCHITECT_API_URL: stub.url,
    ARCHITECT_API_KEY: apiKey,
    ADMIN_TOKEN: adminToken,
    // Any origin may post in this local mode only; deployments list their sites in wrangler.toml.
    ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS ?? '*',
    DEMO_PAGE: 'true',
    RETRY_BASE_SECONDS: '2',
    // A lead's attempts merge into one log after this many quiet seconds (30 deployed): 5 keeps the demo quick.
    SETTLE_SECONDS: '5',
  },
});

console.log(`
  prospect-beacon is running locally (no network needed)

  Demo landing page   ${dev.url}/
  Snippet             ${dev.url}/s.js
  Stored prospect logs (stand-in Architect)   ${stub.url}/_stub/logs
  Dead letters        curl -H 'authorization: Bearer ${adminToken}' ${dev.url}/admin/dead-letters
  Inject a fault      curl -X POST ${stub.url}/_stub/faults -d '{"kind":"status","status":503}'

  Ctrl-C stops both.
`);

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([dev.stop(), stub.close()]);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
dev.child.once('exit', (code) => void shutdown(code ?? 1));

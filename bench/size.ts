// Bytes: the snippet (the served builds, the one without consent detection that prices it, the consent banner
// readers and the word lists in other scripts it loads when a page needs them) beside Plausible's
// shipped script, and the worker bundle, measured in the same run.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface Size {
  name: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export function sizeOf(name: string, bytes: Buffer): Size {
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export async function sizes(): Promise<Size[]> {
  const out = [
    sizeOf('prospect-beacon dist/snippet.js', await readFile('dist/snippet.js')),
    sizeOf('prospect-beacon dist/snippet.no-analytics.js', await readFile('dist/snippet.no-analytics.js')),
    sizeOf('prospect-beacon dist/snippet.no-consent.js (measured only, never served)', await readFile('dist/snippet.no-consent.js')),
    sizeOf('prospect-beacon dist/consent.js (the consent banner readers, loaded only with data-consent="auto")', await readFile('dist/consent.js')),
    sizeOf('prospect-beacon dist/words.js (the word lists in other scripts, loaded only on pages showing them)', await readFile('dist/words.js')),
    sizeOf('prospect-beacon dist/flows.js (wizards and formless flows, loaded only on pages showing one)', await readFile('dist/flows.js')),
    sizeOf('Plausible plausible.js (@plausible-analytics/tracker)', await readFile('node_modules/@plausible-analytics/tracker/plausible.js')),
  ];
  const dir = await mkdtemp(`${tmpdir()}/pb-bundle-`);
  try {
    execFileSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', dir], {
      stdio: ['ignore', 'ignore', 'pipe'], // its stderr goes into the error when it fails
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
    out.push(sizeOf('worker bundle (wrangler deploy --dry-run)', await readFile(`${dir}/index.js`)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

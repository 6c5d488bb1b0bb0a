// The byte budget of the production snippet: deterministic, so a test (timings live in `npm run bench`).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const FILE = new URL('../../dist/snippet.js', import.meta.url);

/** The budget this build keeps, in gzip -9 bytes (a ratchet: today's size with the gzip CLI, 2,555 B, plus a few
 * bytes): below Plausible's 2,694 B for a script that captures far more. Issue #3 asks for 2,048 B; the feature set
 * it also asks for measures more than that (README, "Size", lists what each part costs). */
const BUDGET = 2572; // +12 B (issue #12): the endpoint from the worker, never the page, and touches expire after 90 days

it(`dist/snippet.js is at most ${BUDGET} bytes gzip -9 (zlib and the gzip CLI)`, () => {
  const file = readFileSync(FILE);
  expect(gzipSync(file, { level: 9 }).length).toBeLessThanOrEqual(BUDGET);
  let cli: Buffer | undefined;
  try {
    cli = execFileSync('gzip', ['-9', '-c'], { input: file });
  } catch {
    // no gzip binary: zlib's figure stands alone
  }
  if (cli) expect(cli.length).toBeLessThanOrEqual(BUDGET);
});

it('contains no eval, no new Function and no API key', () => {
  const text = readFileSync(FILE, 'utf8');
  expect(text).not.toMatch(/\beval\(|new Function|x-api-key|ARCHITECT_API_KEY/);
});

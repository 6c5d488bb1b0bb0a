// The byte budgets of the production snippet, with and without form analytics: deterministic, so a test (timings
// live in `npm run bench`).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const FILE = new URL('../../dist/snippet.js', import.meta.url);
const NO_ANALYTICS = new URL('../../dist/snippet.no-analytics.js', import.meta.url);

/** Ratchets, in gzip -9 bytes (the larger of zlib and the gzip CLI), at today's sizes plus a few bytes. They record
 * where the snippet stands, not where the issues want it: issue 11 allows 2,800 B and issue 14 2,950 B for the whole
 * snippet with analytics, and the build as it is measures far more (word lists in 12 languages for formless flows,
 * logins and the never-sent rules are most of it). README, "Size", lists what each part costs: which promises to
 * drop to reach those budgets is the product owner's choice, not made silently here. */
const BUDGET_NO_ANALYTICS = 4827; // +14 B: shadow roots hooked on click too (Safari on macOS focuses no clicked button); +2 B: the idle work run once
/** At most 5,500 B with page views and single-page navigation: the ceiling the product owner set. */
const BUDGET = 5477;
/** Form analytics' share (the difference between the two builds): 650 B with page views, route changes, the
 * back/forward cache, forms mounted later, returns and time to complete (formKey is shared with the one-lead work,
 * so it is in both builds). A ratchet. */
const ANALYTICS_PART = 650;

/** gzip -9 size by zlib, and by the gzip CLI where there is one (the README's figures come from it). */
function gzipped(file: Buffer): number {
  const zlib = gzipSync(file, { level: 9 }).length;
  try {
    return Math.max(zlib, execFileSync('gzip', ['-9', '-c'], { input: file }).length);
  } catch {
    return zlib; // no gzip binary: zlib's figure stands alone
  }
}

it(`dist/snippet.js is at most ${BUDGET} bytes gzip -9 (zlib and the gzip CLI)`, () => {
  expect(gzipped(readFileSync(FILE))).toBeLessThanOrEqual(BUDGET);
});

it(`dist/snippet.no-analytics.js is at most ${BUDGET_NO_ANALYTICS} bytes, and analytics adds at most ${ANALYTICS_PART}`, () => {
  const without = gzipped(readFileSync(NO_ANALYTICS));
  expect(without).toBeLessThanOrEqual(BUDGET_NO_ANALYTICS);
  expect(gzipped(readFileSync(FILE)) - without).toBeLessThanOrEqual(ANALYTICS_PART);
});

it.each([FILE, NO_ANALYTICS])('%s contains no eval, no new Function and no API key', (file) => {
  const text = readFileSync(file, 'utf8');
  expect(text).not.toMatch(/\beval\(|new Function|x-api-key|ARCHITECT_API_KEY/);
});

it('leaves the analytics code out of the build without it', () => {
  expect(readFileSync(FILE, 'utf8')).toContain('"pagehide"');
  expect(readFileSync(NO_ANALYTICS, 'utf8')).not.toMatch(/pagehide|events/);
});

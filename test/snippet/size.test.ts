// The byte budgets of the production snippet, with and without form analytics: deterministic, so a test (timings
// live in `npm run bench`).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const FILE = new URL('../../dist/snippet.js', import.meta.url);
const NO_ANALYTICS = new URL('../../dist/snippet.no-analytics.js', import.meta.url);
/** Built only to measure: the production snippet without consent detection (build.mjs, __CONSENT__ false). */
const NO_CONSENT = new URL('../../dist/snippet.no-consent.js', import.meta.url);
/** The consent banner readers, a second file (/consent.js) the snippet loads only with data-consent="auto". */
const BANNERS = new URL('../../dist/consent.js', import.meta.url);
/** The word lists in Cyrillic, Devanagari, Japanese, Chinese and Korean, a second file (/words.js) the snippet loads only
 * on pages showing text in those scripts. */
const WORDS = new URL('../../dist/words.js', import.meta.url);
/** The click handler of wizards and formless flows, with its button words, a second file (/flows.js) the snippet loads
 * only on pages showing one. */
const FLOWS = new URL('../../dist/flows.js', import.meta.url);

/** Ratchets, in gzip -9 bytes (the larger of zlib and the gzip CLI), at today's sizes plus a few bytes: nothing grows
 * unnoticed. What each part costs, and the history: bench/results.md. */
const BUDGET_NO_ANALYTICS = 4857;
const BUDGET = 5490;
/** Form analytics' share (the difference between the two builds; formKey is shared with the one-lead merge, so it is
 * in both builds), with its start and handlers waiting for measurement consent (index.ts). A ratchet. */
const ANALYTICS_PART = 660;
/** Consent detection's share of the snippet (data-consent="auto": handing set() over and asking for the banner readers;
 * the loader it uses is shared with the word lists): the difference between dist/snippet.js and the build without it. The gating it drives (what waits for consent, in
 * send.ts, attribution.ts and index.ts) is in both builds. A ratchet. */
const CONSENT_PART = 70;
/** The banner readers (TCF, Consent Mode, seven CMPs, the poll, the 3 s timer), in their own file. A ratchet. */
const BANNERS_BUDGET = 848;
/** The word lists (never sent, sign-in, sign-up, step and final-action words in those scripts). A ratchet. */
const WORDS_BUDGET = 775;
/** The flows' click handler and its button words. A ratchet. */
const FLOWS_BUDGET = 690;

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

it(`consent detection adds at most ${CONSENT_PART} bytes to the snippet, and its banner readers are at most ${BANNERS_BUDGET}`, () => {
  expect(gzipped(readFileSync(FILE)) - gzipped(readFileSync(NO_CONSENT))).toBeLessThanOrEqual(CONSENT_PART);
  expect(gzipped(readFileSync(BANNERS))).toBeLessThanOrEqual(BANNERS_BUDGET);
});

it('keeps the banner readers out of the snippet: it loads them from its own worker', () => {
  expect(readFileSync(BANNERS, 'utf8')).toMatch(/__tcfapi.*dataLayer.*Cookiebot/);
  expect(readFileSync(FILE, 'utf8')).not.toMatch(/__tcfapi|dataLayer|Cookiebot/);
  expect(readFileSync(FILE, 'utf8')).toContain('"consent.js"');
  expect(readFileSync(NO_CONSENT, 'utf8')).not.toContain('consent.js');
});

it(`the word lists in other scripts are at most ${WORDS_BUDGET} bytes, in their own file: the snippet holds none of their words`, () => {
  expect(gzipped(readFileSync(WORDS))).toBeLessThanOrEqual(WORDS_BUDGET);
  // One word of each script, of each list: never sent (Cyrillic, kana, Hangul), sign-in (Devanagari), final action (CJK).
  for (const word of ['паспорт', 'マイナ', '비밀', 'लॉग', '提交']) {
    const escaped = [...word].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    expect(readFileSync(WORDS, 'utf8')).toContain(escaped);
    expect(readFileSync(FILE, 'utf8')).not.toContain(escaped);
  }
  expect(readFileSync(FILE, 'utf8')).toContain('"words.js"');
});

it(`the click handler of wizards and formless flows is at most ${FLOWS_BUDGET} bytes, in its own file with its button words`, () => {
  expect(gzipped(readFileSync(FLOWS))).toBeLessThanOrEqual(FLOWS_BUDGET);
  // A final-action word, a step word and a formless flow's key: there, not in the snippet.
  for (const text of ['verstuur', 'siguiente', 'flow-']) {
    expect(readFileSync(FLOWS, 'utf8')).toContain(text);
    expect(readFileSync(FILE, 'utf8')).not.toContain(text);
  }
  expect(readFileSync(FILE, 'utf8')).toContain('"flows.js"');
});

it.each([FILE, NO_ANALYTICS, BANNERS, WORDS, FLOWS])('%s contains no eval, no new Function and no API key', (file) => {
  const text = readFileSync(file, 'utf8');
  expect(text).not.toMatch(/\beval\(|new Function|x-api-key|ARCHITECT_API_KEY/);
});

it('leaves the analytics code out of the build without it', () => {
  expect(readFileSync(FILE, 'utf8')).toContain('"pagehide"');
  expect(readFileSync(NO_ANALYTICS, 'utf8')).not.toMatch(/events|MutationObserver|pushState/);
});

// Builds the snippet (dist/snippet.js and the debug build dist/snippet.debug.js, each also without form analytics:
// dist/snippet.no-analytics[.debug].js) with esbuild, and writes worker/generated/snippet.ts so the worker serves
// exactly these bytes with a content ETag.
import { build } from 'esbuild';
import { minify } from 'terser';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';

/** The snippet's release: a hash of its sources. It asks for its second files with it (snippet/config.ts, addScript) and
 * the worker serves them only to the release they were built with (worker/site/snippet.ts): each is cached apart from
 * the snippet, and what they are handed on prospectBeacon changes with the source. */
const sources = (await Promise.all(['snippet', 'common'].map((d) => readdir(d)))).flatMap((names, i) =>
  names.filter((n) => n.endsWith('.ts')).map((n) => `${['snippet', 'common'][i]}/${n}`),
);
const VERSION = createHash('sha256')
  .update((await Promise.all(sources.sort().map((f) => readFile(f, 'utf8')))).join('\0'))
  .digest('hex')
  .slice(0, 8);

/** Build-time flags: declared here only, typed in snippet/flags.d.ts. */
const flags = (debug, analytics, consent) => ({
  __DEBUG__: String(debug),
  __ANALYTICS__: String(analytics),
  __CONSENT__: String(consent),
  __VERSION__: JSON.stringify(VERSION),
});

/** The snippet's first line: Chromium's per-file compile hint (WICG explicit-javascript-compile-hints-file-based; on by
 * default since Chrome 136, a comment to every other engine). V8 then compiles every function of the snippet when it
 * compiles the file (off the main thread when it streams it), not each at its first call: the submit path's functions
 * (the capture, the outbox, the send) first run at the visitor's submit, whose main-thread time paid their compilation.
 * Measured in Chromium, 20 paired first visits: the first submit 0.42 ms less main-thread time, the load no more
 * (bench/size-parts.md). 22 B gzip. The second files load later and go without it. */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

async function bundle(debug, analytics = true, consent = true, entry = 'snippet/index.ts') {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    // esbuild first: it strips types and dead __DEBUG__ branches. Its syntax pass only: terser names the identifiers,
    // and with esbuild's short names already in place terser inlined less (everyScript, watch: 4 B gzip).
    minifySyntax: true,
    format: 'iife',
    // ES2017: every browser with fetch keepalive; no transforms that add helpers.
    target: 'es2017',
    define: flags(debug, analytics, consent),
    legalComments: 'none',
    // No tsconfig here: its `strict` would make esbuild prepend "use strict", 13 bytes the output never needs.
    tsconfigRaw: {},
    write: false,
  });
  // A second pass with terser: its multi-pass compressor finds ~5% that esbuild's single pass leaves.
  const min = await minify(out.outputFiles[0].text, {
    ecma: 2017,
    toplevel: true,
    // unsafe_comps: 5 B; in this code it only swaps operands (a < b as b > a), the same for NaN and undefined; what it
    // would do to a negated comparison (!(a < b) as a >= b) is not, so check its diff. hoist_funs stays off (its
    // default): hoisted, the helpers that terser now inlines once cost 11 B more.
    compress: { passes: 3, unsafe: true, unsafe_arrows: true, unsafe_methods: true, pure_getters: true, unsafe_comps: true },
    // \u escapes for the non-Latin words: 96 B less gzip -9 than UTF-8 (6 ASCII bytes whose "\u30" / "\u04" prefixes repeat,
    // where UTF-8 spends 2-3 bytes of little-repeating high bytes per character).
    format: { ascii_only: true },
  });
  return (entry === 'snippet/index.ts' ? COMPILE_HINT : '') + min.code;
}

const etag = (text) => `"${createHash('sha256').update(text).digest('hex').slice(0, 16)}"`;

const [prod, debug, prodNa, debugNa, prodNc, banners, words, flows] = await Promise.all([
  bundle(false),
  bundle(true),
  bundle(false, false),
  bundle(true, false),
  bundle(false, true, false),
  // The consent banner readers: a second file, loaded by the snippet only with data-consent="auto" (snippet/banners.ts).
  bundle(false, true, true, 'snippet/banners.ts'),
  // The word lists in Cyrillic, Devanagari, Japanese, Chinese and Korean: loaded only on pages written in them (snippet/words.ts).
  bundle(false, true, true, 'snippet/words.ts'),
  // The click handler of wizards and formless flows, with its button words: loaded only on pages showing one (snippet/flows.ts).
  bundle(false, true, true, 'snippet/flows.ts'),
]);
await mkdir('dist', { recursive: true });
await mkdir('worker/generated', { recursive: true });
await writeFile('dist/snippet.js', prod);
await writeFile('dist/snippet.debug.js', debug);
await writeFile('dist/snippet.no-analytics.js', prodNa);
await writeFile('dist/snippet.no-analytics.debug.js', debugNa);
// Never served: consent detection's cost is the difference from dist/snippet.js (test/snippet/size.test.ts).
await writeFile('dist/snippet.no-consent.js', prodNc);
await writeFile('dist/consent.js', banners);
await writeFile('dist/words.js', words);
await writeFile('dist/flows.js', flows);
await writeFile(
  'worker/generated/snippet.ts',
  `// Generated by build.mjs from snippet/: do not edit.\n` +
    `// The release the second files below belong to: the snippet asks for them with ?v= and it.\n` +
    `export const VERSION = ${JSON.stringify(VERSION)};\n` +
    `export const SNIPPET = ${JSON.stringify(prod)};\nexport const SNIPPET_ETAG = ${JSON.stringify(etag(prod))};\n` +
    `export const SNIPPET_DEBUG = ${JSON.stringify(debug)};\nexport const SNIPPET_DEBUG_ETAG = ${JSON.stringify(etag(debug))};\n` +
    `// Without form analytics: served when the worker's ANALYTICS var is "off".\n` +
    `export const SNIPPET_NA = ${JSON.stringify(prodNa)};\nexport const SNIPPET_NA_ETAG = ${JSON.stringify(etag(prodNa))};\n` +
    `export const SNIPPET_NA_DEBUG = ${JSON.stringify(debugNa)};\nexport const SNIPPET_NA_DEBUG_ETAG = ${JSON.stringify(etag(debugNa))};\n` +
    `// The consent banner readers (/consent.js), loaded by the snippet only with data-consent="auto".\n` +
    `export const BANNERS = ${JSON.stringify(banners)};\nexport const BANNERS_ETAG = ${JSON.stringify(etag(banners))};\n` +
    `// The word lists for pages in Cyrillic, Devanagari, Japanese, Chinese or Korean (/words.js), loaded only there.\n` +
    `export const WORDS = ${JSON.stringify(words)};\nexport const WORDS_ETAG = ${JSON.stringify(etag(words))};\n` +
    `// The click handler of wizards and formless flows (/flows.js), loaded only on pages showing one.\n` +
    `export const FLOWS = ${JSON.stringify(flows)};\nexport const FLOWS_ETAG = ${JSON.stringify(etag(flows))};\n`,
);
console.log(
  `snippet: ${prod.length} bytes (debug build ${debug.length} bytes; without analytics ${prodNa.length} bytes; consent banner readers ${banners.length} bytes; word lists ${words.length} bytes; flows ${flows.length} bytes)`,
);

// The operator console (console/): its page, one script bundle with uPlot inside, and one stylesheet with
// uPlot's CSS first, written to worker/generated/console.ts for worker/admin/console.ts to serve.
{
  const { readFile } = await import('node:fs/promises');
  const out = await build({
    entryPoints: ['console/main.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020', // an operator's current browser; no need for the snippet's ES2017 floor
    legalComments: 'none',
    write: false,
  });
  const js = out.outputFiles[0].text;
  // uPlot's first, so the console's own rules win; panels.css holds the analytics panels' rules.
  const cssFiles = ['node_modules/uplot/dist/uPlot.min.css', 'console/console.css', 'console/panels.css'];
  const css = (await Promise.all(cssFiles.map((f) => readFile(f, 'utf8')))).join('\n');
  const html = await readFile('console/index.html', 'utf8');
  const values = { CONSOLE_HTML: html, CONSOLE_JS: js, CONSOLE_JS_ETAG: etag(js), CONSOLE_CSS: css, CONSOLE_CSS_ETAG: etag(css) };
  await writeFile(
    'worker/generated/console.ts',
    `// Generated by build.mjs from console/: do not edit.\n${Object.entries(values)
      .map(([k, val]) => `export const ${k} = ${JSON.stringify(val)};\n`)
      .join('')}`,
  );
  console.log(`console: ${js.length} bytes of script, ${css.length} bytes of CSS`);
}

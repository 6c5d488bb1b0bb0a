// GET /s.js (and /s.debug.js): the snippet, built by build.mjs, with the worker's own base URL written in (so the
// page never decides where captures go), caching headers and an ETag per build and base; the build without form
// analytics when ANALYTICS is "off". GET /consent.js: the consent banner readers, which the snippet loads only with
// data-consent="auto" (snippet/banners.ts). GET /words.js: the word lists in Cyrillic, Devanagari, Japanese, Chinese and
// Korean, which the snippet loads only on pages written in them (snippet/words.ts). GET /flows.js: the click handler of
// wizards and formless flows, which the snippet loads only on pages showing one (snippet/flows.ts).
import * as built from '../generated/snippet';
import { secureHeaders } from '../http';

/** The placeholder build.mjs leaves in the snippet (snippet/config.ts, BASE). */
const PLACEHOLDER = '@PB@';

/** FNV-1a, 32 bits: enough to tell the few bases one deployment answers for apart in an ETag, synchronously. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/** `prefix` is ROUTE_PREFIX without its trailing slash: the base is where this very request came in. */
export function serveSnippet(req: Request, debug: boolean, prefix: string, noAnalytics = false): Response {
  const base = `${new URL(req.url).origin}${prefix}/`;
  const [script, buildTag] = noAnalytics
    ? debug
      ? [built.SNIPPET_NA_DEBUG, built.SNIPPET_NA_DEBUG_ETAG]
      : [built.SNIPPET_NA, built.SNIPPET_NA_ETAG]
    : debug
      ? [built.SNIPPET_DEBUG, built.SNIPPET_DEBUG_ETAG]
      : [built.SNIPPET, built.SNIPPET_ETAG];
  // JSON-escaped: the base lands inside a string literal of the script, whatever ROUTE_PREFIX holds.
  const body = script.replaceAll(PLACEHOLDER, JSON.stringify(base).slice(1, -1));
  // 16 hex digits as before: 8 of the build's content hash, 8 of the base's.
  return serveScript(req, body, `"${buildTag.slice(1, 9)}${fnv1a(base).padStart(8, '0')}"`);
}

/** A second file of the snippet: the same bytes whatever the base (they hold no URL), for the snippet of this release
 * only. The snippet asks with ?v=<release>: one of another release (a browser or a CDN holds either file up to a day)
 * is answered 404, uncached, so it never runs code handed another layout; it keeps failing closed (fields in other
 * scripts wait, clicks decide nothing, measurement waits for consent) until it is refreshed itself. No ?v= at all: a
 * snippet from before releases were named, served as ever. */
function serveSecond(req: Request, body: string, etag: string): Response {
  const v = new URL(req.url).searchParams.get('v');
  if (v !== null && v !== built.VERSION) {
    return new Response('/* another release of the snippet: reload it */\n', {
      status: 404,
      headers: secureHeaders({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store', 'access-control-allow-origin': '*' }),
    });
  }
  return serveScript(req, body, etag);
}

/** The consent banner readers. */
export const serveBanners = (req: Request): Response => serveSecond(req, built.BANNERS, built.BANNERS_ETAG);

/** The word lists for pages in other scripts. */
export const serveWords = (req: Request): Response => serveSecond(req, built.WORDS, built.WORDS_ETAG);

/** The click handler of wizards and formless flows. */
export const serveFlows = (req: Request): Response => serveSecond(req, built.FLOWS, built.FLOWS_ETAG);

function serveScript(req: Request, body: string, etag: string): Response {
  const headers = secureHeaders({
    'content-type': 'text/javascript; charset=utf-8',
    // 1 hour fresh, then a day of stale-while-revalidate: a new release reaches pages within an hour
    // while repeat views never wait on the network (RFC 5861).
    'cache-control': 'public, max-age=3600, stale-while-revalidate=86400',
    etag,
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
  });
  const match = req.headers.get('if-none-match');
  if (match?.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(req.method === 'HEAD' ? null : body, { headers });
}

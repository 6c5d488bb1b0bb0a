// GET /s.js (and /s.debug.js): the snippet, built by build.mjs, with caching headers and an ETag; the build without
// form analytics when ANALYTICS is "off".
import { secureHeaders } from '../http';
import * as built from '../generated/snippet';

export function serveSnippet(req: Request, debug: boolean, noAnalytics = false): Response {
  const [body, etag] = noAnalytics
    ? debug
      ? [built.SNIPPET_NA_DEBUG, built.SNIPPET_NA_DEBUG_ETAG]
      : [built.SNIPPET_NA, built.SNIPPET_NA_ETAG]
    : debug
      ? [built.SNIPPET_DEBUG, built.SNIPPET_DEBUG_ETAG]
      : [built.SNIPPET, built.SNIPPET_ETAG];
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

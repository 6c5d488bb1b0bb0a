// GET /s.js (and /s.debug.js): the snippet, built by build.mjs, with caching headers and an ETag.
import { secureHeaders } from '../http';
import { SNIPPET, SNIPPET_DEBUG, SNIPPET_DEBUG_ETAG, SNIPPET_ETAG } from '../generated/snippet';

export function serveSnippet(req: Request, debug: boolean): Response {
  const [body, etag] = debug ? [SNIPPET_DEBUG, SNIPPET_DEBUG_ETAG] : [SNIPPET, SNIPPET_ETAG];
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

// GET /admin (and /admin/, /admin/console.js, /admin/console.css): the operator console, built by build.mjs from
// console/. Served without the Bearer check: the page holds no data; it signs in client-side and every
// /admin/api/* call it makes carries the token.
import { CONSOLE_CSS, CONSOLE_CSS_ETAG, CONSOLE_HTML, CONSOLE_JS, CONSOLE_JS_ETAG } from '../generated/console';
import { methodNotAllowed, secureHeaders } from '../http';

/** Nothing but this worker: no inline script or style, no other origin, never framed (clickjacking). */
const CSP = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function asset(req: Request, body: string, type: string, etag: string): Response {
  // no-cache, not a max-age: a new deploy is seen at once; the ETag makes the re-check a 304.
  const headers = secureHeaders({ 'content-type': type, 'cache-control': 'no-cache', etag });
  if (req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(req.method === 'HEAD' ? null : body, { headers });
}

/** The tab's icon: without one the browser asks for /favicon.ico, a 404 in the console of every visit. */
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#3b3bff"/></svg>';
const ICON_ETAG = '"pb-icon-1"';

const PATHS: Record<string, 'page' | 'js' | 'css' | 'icon'> = {
  '/admin': 'page',
  '/admin/': 'page',
  '/admin/console.js': 'js',
  '/admin/console.css': 'css',
  '/admin/icon.svg': 'icon',
};

/** The console's answer for `path`, or null when `path` is not one of its own. */
export function serveConsole(req: Request, path: string, prefix: string): Response | null {
  const kind = Object.hasOwn(PATHS, path) ? PATHS[path] : null;
  if (!kind) return null;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    // Every /admin answer is no-store (README, "Dead letters"), this 405 too: handleAdmin, which sets it, is not on its path.
    const refused = methodNotAllowed('GET');
    refused.headers.set('cache-control', 'no-store');
    return refused;
  }
  if (kind === 'icon') return asset(req, ICON, 'image/svg+xml', ICON_ETAG);
  if (kind === 'js') return asset(req, CONSOLE_JS, 'text/javascript; charset=utf-8', CONSOLE_JS_ETAG);
  if (kind === 'css') return asset(req, CONSOLE_CSS, 'text/css; charset=utf-8', CONSOLE_CSS_ETAG);
  // The page names its assets and API under ROUTE_PREFIX; the script reads it back from data-base.
  const html = CONSOLE_HTML.replaceAll('{{BASE}}', escapeAttr(prefix));
  const headers = secureHeaders({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': CSP });
  return new Response(req.method === 'HEAD' ? null : html, { headers });
}

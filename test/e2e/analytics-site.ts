// The form analytics scenarios' site: pages served on the test site's origin by the browser context itself (each
// scenario under its own path, with its own response headers), and every /v1/events body the pages sent.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_FLAGS, chromiumPath } from '../../tools/browser';
import { POLL, pagesUrl, workerUrl } from './helpers';

/** Chromium as a visitor has it: Playwright turns the back/forward cache off by default, this turns it back on.
 * Local Network Access checks are off: a page the test fulfils has no network address, so Chromium would take it
 * for a public page and refuse it the worker on 127.0.0.1 (the test site's real pages are on localhost). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    args: [...CHROMIUM_FLAGS, '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights'],
    headless: true,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
}

export type Ev = [string, number, string?, number?];
export type Body = [string, string, Ev[]];

let n = 0;
/** A fresh path per scenario, so scenarios never count into each other's pages. */
export const prefix = (tag: string) => `/analytics-${tag}-${Date.now().toString(36)}${n++}`;

let edge = '';
/** The snippet's tag as a site pastes it, sending through the edge (startEdge) once there is one. */
export const snippetTag = (attrs = '') => `<script defer src="${workerUrl}/s.js" ${edge && `data-endpoint="${edge}"`} ${attrs}></script>`;

/** A page with the snippet, `body` after it. */
export const page = (title: string, body: string, attrs = '') => `<!doctype html><html lang="en"><title>${title}</title>${snippetTag(attrs)}${body}</html>`;

/** Serves each path (relative to `base`, '' for base itself) in this context; with `fallback`, every other URL under
 * `base` gets that page, as a single-page app's server answers every route with the app. JS by its extension. */
export async function serve(context: BrowserContext, base: string, files: Record<string, string>, fallback?: string): Promise<void> {
  await context.route(
    (url) => url.href.startsWith(`${pagesUrl}${base}`),
    (route) => {
      const path = new URL(route.request().url()).pathname.slice(base.length);
      const body = files[path] ?? (fallback === undefined ? undefined : files[fallback]);
      if (body === undefined) return route.fulfill({ status: 404 });
      return route.fulfill({ status: 200, contentType: path.endsWith('.js') ? 'text/javascript' : 'text/html', body });
    },
  );
}

/** The network edge between the pages and the worker: every request the snippet makes goes through it (the tag's
 * data-endpoint) to the worker, and /v1/events bodies are recorded as they arrive, beacons sent while a page is
 * left among them (the browser sends those after the page is gone, where no page-level hook sees them). It also
 * serves `pages` on its own origin for engines whose driver cannot fulfil requests (Firefox, WebKit): their
 * requests reach the worker as from the test site (its Origin), the one origin the worker allows. */
export async function startEdge(): Promise<{ endpoint: string; origin: string; pages: Map<string, string>; bodies: Body[]; close(): Promise<void> }> {
  const bodies: Body[] = [];
  const pages = new Map<string, string>();
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://edge').pathname;
    if (!path.startsWith('/v1/')) {
      const html = pages.get(path) ?? [...pages].find(([p]) => p.endsWith('/*') && path.startsWith(p.slice(0, -1)))?.[1];
      res.writeHead(html === undefined ? 404 : 200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html' });
      return res.end(html);
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method === 'POST' && path === '/v1/events') bodies.push(JSON.parse(body.toString('utf8')) as Body);
    const headers: Record<string, string> = {};
    for (const h of ['origin', 'content-type', 'access-control-request-method', 'access-control-request-headers'])
      if (req.headers[h]) headers[h] = String(req.headers[h]);
    const own = headers.origin === origin;
    if (own) headers.origin = new URL(pagesUrl).origin;
    const answer = await fetch(`${workerUrl}${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? body : undefined });
    const out = Object.fromEntries([...answer.headers].filter(([k]) => k.startsWith('access-control-') || k === 'content-type'));
    if (own && out['access-control-allow-origin']) out['access-control-allow-origin'] = origin;
    res.writeHead(answer.status, out);
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  edge = `${origin}/v1/submissions`;
  return { endpoint: edge, origin, pages, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

/** The bodies filed under pages below `base` (one scenario's). */
export const under = (bodies: Body[], base: string) => bodies.filter(([url]) => new URL(url).pathname.startsWith(base));

/** Each event of one scenario as [path of the URL it was filed under, form key, kind, field?]: times left out. */
export const flat = (bodies: Body[], base: string) =>
  under(bodies, base).flatMap(([url, , events]) =>
    events.map(([form, kind, field]) => [new URL(url).pathname, form, kind, ...(field === undefined ? [] : [field])]),
  );

/** Waits until one scenario's pages sent exactly these events (in this order). */
export const expectEvents = (bodies: Body[], base: string, want: unknown[][]) => expect.poll(() => flat(bodies, base), POLL).toEqual(want);

/** Kinds of events, as the worker reads them (worker/analytics/events.ts). */
export const VIEW = 0;
export const START = 1;
export const ABANDON = 2;
export const PAGE_VIEW = 3;
export const RETURN = 4;
export const COMPLETED = 5;

/** The stack's admin token, read from the global setup that sets it, so the two never drift apart. */
const ADMIN_TOKEN = /ADMIN_TOKEN: '([^']+)'/.exec(readFileSync(new URL('./setup.ts', import.meta.url), 'utf8'))![1]!;

/** GET /admin/api/<route> for today, with these filters: what the console shows. */
export async function admin<T>(route: 'pages' | 'forms' | 'fields', filters: Record<string, string>): Promise<T> {
  const day = new Date().toISOString().slice(0, 10);
  const query = new URLSearchParams({ from: day, to: day, ...filters });
  const res = await fetch(`${workerUrl}/admin/api/${route}?${query}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await res.json()) as T;
}

/** One page's funnel as /admin/api/pages answers it (pageviews, form views, starts, submissions), once counted. */
export const pageFunnel = async (page: string) => {
  const { rows } = await admin<{ rows: { page: string; pageviews: number; formViews: number; starts: number; submissions: number }[] }>('pages', { page });
  const row = rows.find((r) => r.page === page);
  return row && { pageviews: row.pageviews, formViews: row.formViews, starts: row.starts, submissions: row.submissions };
};

/** A form's abandons and returns by field, as /admin/api/fields answers them for one page. */
export const fieldDropOff = async (page: string, form: string) =>
  (await admin<{ rows: { field: string; abandons: number; returns: number }[] }>('fields', { page, form })).rows;

/** The React Router app (stacks/router.tsx), bundled from the real packages. */
export async function routerApp(): Promise<string> {
  const out = await build({
    entryPoints: [new URL('./stacks/router.tsx', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0]!.text;
}

/** The contact page of the back/forward cache scenarios: it records each pageshow's `persisted` in window.restored. */
export const bfcacheContact = () =>
  page(
    'Contact',
    `<form id="contact" action="/api/lead" method="post"><label>E-mail <input name="email" type="email"></label><button>Send</button></form>
<script>window.restored = []; addEventListener('pageshow', function (e) { restored.push(e.persisted); });
document.getElementById('contact').addEventListener('submit', function (e) { e.preventDefault(); document.body.dataset.done = '1'; });</script>`,
  );

// A static site on its own origin for the e2e tests: scenario pages, corpus pages with the tag added, and a
// thank-you page, and a fake site backend. `{{WORKER}}` in a page becomes the worker's origin.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Page {
  html: string;
  /** Content-Security-Policy header for the page; {{WORKER}} is replaced. */
  csp?: string;
}

export function tag(attrs = ''): string {
  return `<script defer src="{{WORKER}}/s.js" ${attrs}></script>`;
}

const LEAD_FORM = (id: string, email: string, extra = '') => `
<form id="${id}" action="/thanks" method="post">
  <label for="${id}-name">Full name</label><input id="${id}-name" name="full_name" value="Ada Lovelace">
  <label for="${id}-email">Work e-mail</label><input id="${id}-email" name="email" type="email" value="${email}">
  <label for="${id}-phone">Phone</label><input id="${id}-phone" name="phone" type="tel" value="+1 415 555 0134">
  ${extra}
  <button type="submit">Send</button>
</form>`;

export const PAGES: Record<string, (email: string) => Page> = {
  plain: (email) => ({ html: `<!doctype html><title>Plain</title>${tag('data-source="landing-page"')}${LEAD_FORM('lead', email)}` }),
  spa: (email) => ({
    html: `<!doctype html><title>SPA</title>${tag()}${LEAD_FORM('lead', email)}
<script>document.getElementById('lead').addEventListener('submit', function (e) { e.preventDefault();
  fetch('/api/lead', { method: 'POST', body: new FormData(e.target) }).then(function () { document.body.dataset.done = '1'; }); });</script>`,
  }),
  dynamic: (email) => ({
    html: `<!doctype html><title>Dynamic</title>${tag()}<div id="slot"></div>
<script>setTimeout(function () { document.getElementById('slot').innerHTML = ${JSON.stringify(LEAD_FORM('lead', email))}; }, 300);</script>`,
  }),
  shadow: (email) => ({
    html: `<!doctype html><title>Shadow</title>${tag()}<lead-form></lead-form>
<script>customElements.define('lead-form', class extends HTMLElement { connectedCallback() {
  const root = this.attachShadow({ mode: 'open' });
  root.innerHTML = ${JSON.stringify(LEAD_FORM('lead', email))};
  root.querySelector('form').addEventListener('submit', function (e) { e.preventDefault(); });
} });</script>`,
  }),
  programmatic: (email) => ({
    html: `<!doctype html><title>Programmatic</title>${tag()}${LEAD_FORM('lead', email)}
<button id="go" type="button" onclick="document.getElementById('lead').submit()">Send via form.submit()</button>`,
  }),
  'submit-twice': (email) => ({
    html: `<!doctype html><title>Own submit</title>${tag()}${LEAD_FORM('lead', email)}
<script>var f = document.getElementById('lead'); f.addEventListener('submit', function (e) { e.preventDefault(); f.submit(); });</script>`,
  }),
  // Prevents the submit, leaves for its thank-you page, then keeps the main thread busy (its own tracking, say) for
  // 300 ms: the navigation commits before any timer of the snippet's can run, every time.
  'prevent-then-leave': (email) => ({
    html: `<!doctype html><title>Own redirect</title>${tag()}${LEAD_FORM('lead', email)}
<script>document.getElementById('lead').addEventListener('submit', function (e) { e.preventDefault(); location.href = '/thanks'; var t = Date.now(); while (Date.now() - t < 300); });</script>`,
  }),
  sensitive: (email) => ({
    html: `<!doctype html><title>Checkout</title>${tag()}${LEAD_FORM(
      'lead',
      email,
      `<input type="password" name="password" value="Tr0ub4dor&3-secret">
       <label for="cc">Card number</label><input id="cc" name="cc_number" autocomplete="cc-number" value="4111 1111 1111 1111">
       <label for="cvc">CVC</label><input id="cvc" name="cvc" value="737">
       <div data-pb-ignore><label for="notes">Private notes</label><textarea id="notes" name="notes">do not send me</textarea></div>`,
    )}<form id="ignored" data-pb-ignore action="/thanks" method="post"><input name="email" value="ignored-${email}"><button>Go</button></form>`,
  }),
  consent: (email) => ({ html: `<!doctype html><title>Consent</title>${tag('data-consent="required"')}${LEAD_FORM('lead', email)}` }),
  csp: (email) => ({
    html: `<!doctype html><title>CSP</title>${tag()}${LEAD_FORM('lead', email)}`,
    csp: "default-src 'self'; script-src {{WORKER}}; connect-src {{WORKER}}; form-action 'self'",
  }),
  // The same CSP with consent read from a banner: the snippet loads its banner readers (/consent.js) from the worker.
  'csp-consent': (email) => ({
    html: `<!doctype html><title>CSP and consent</title>${tag('data-consent="auto"')}${LEAD_FORM('lead', email)}`,
    csp: "default-src 'self'; script-src {{WORKER}}; connect-src {{WORKER}}; form-action 'self'",
  }),
  'tag-manager': (email) => ({
    html: `<!doctype html><title>GTM</title>${LEAD_FORM('lead', email)}
<script>setTimeout(function () { var s = document.createElement('script'); s.src = '{{WORKER}}/s.js'; s.async = true; document.head.appendChild(s); }, 50);</script>`,
  }),
  thanks: () => ({ html: '<!doctype html><title>Thanks</title><h1>Thanks!</h1>' }),
  // Served at any path under /private/ (the path, query and fragment may hold anything), with the lead's e-mail from
  // ?lead=: a lead form, and a GET form the site excludes, whose values the browser puts in the next page's query.
  private: (email) => ({
    html: `<!doctype html><title>Account</title>${tag()}${LEAD_FORM('lead', email)}
<form id="verify" data-pb-ignore action="/private/verified" method="get">
  <input name="email" type="email"><input name="code" autocomplete="one-time-code"><input type="hidden" name="lead" value="${email}">
  <button>Verify</button>
</form>
<script>document.getElementById('lead').addEventListener('submit', function (e) { e.preventDefault(); });</script>`,
  }),
};

export interface PageServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** A site's own backend for the library apps (test/e2e/stacks): 200, or 422 "invalid phone" when a phone is
 * given with fewer than 8 digits, as a real backend refuses what its client-side rules let through. */
async function siteBackend(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const type = req.headers['content-type'] ?? '';
  const body = new Response(Buffer.concat(chunks), { headers: { 'content-type': type } });
  let phone: unknown;
  try {
    phone = type.includes('json') ? ((await body.json()) as { phone?: unknown }).phone : (await body.formData()).get('phone');
  } catch {
    // no body, or one we cannot read: nothing to refuse
  }
  const refused = typeof phone === 'string' && phone.replace(/\D/g, '').length < 8;
  res.writeHead(refused ? 422 : 200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(refused ? '<p class="error">invalid phone</p>' : '<p class="done">Thanks, we will be in touch.</p>');
}

/** Serves PAGES (GET /<name>?email=…), raw HTML (or .js) registered at runtime, the site backend at POST
 * /api/lead, and answers any other POST with the thank-you page. */
export async function startPages(worker: string, extra: Map<string, string>): Promise<PageServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://pages');
    const name = url.pathname.slice(1);
    if (req.method === 'POST' && url.pathname === '/api/lead') return void siteBackend(req, res);
    req.resume();
    if (req.method === 'POST') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(PAGES.thanks!('').html);
    }
    const raw = extra.get(name);
    const page =
      raw !== undefined
        ? { html: raw }
        : name.startsWith('private/')
          ? PAGES.private!(url.searchParams.get('lead') ?? 'e2e@example.com')
          : PAGES[name]?.(url.searchParams.get('email') ?? 'e2e@example.com');
    if (!page) {
      res.writeHead(404);
      return res.end();
    }
    const headers: Record<string, string> = {
      'content-type': name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    };
    if (page.csp) headers['content-security-policy'] = page.csp.replaceAll('{{WORKER}}', worker);
    res.writeHead(200, headers);
    res.end(page.html.replaceAll('{{WORKER}}', worker));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // "localhost", not 127.0.0.1: pages and worker are different origins, so CORS and the allow-list are real.
  return { url: `http://localhost:${port}`, server, close: () => new Promise((r) => server.close(() => r())) };
}

// GET / (when DEMO_PAGE is "true"): the local demo landing page, with a lead form and the real snippet, and a
// call-back form checked by the page's own script (GET /demo/app.js): two attempts of one lead, one log.
import { secureHeaders } from '../http';
const PAGE = (prefix: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Acme Analytics: book a demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a2e}
label{display:block;margin:.8rem 0 .2rem;font-weight:600}input,select,textarea{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1.2rem;padding:.7rem 1.4rem;font:inherit;background:#3b3bff;color:#fff;border:0;border-radius:.3rem;cursor:pointer}
.note{background:#f3f3ff;padding:.8rem;border-radius:.3rem;font-size:.9rem}.error{color:#b00020;font-weight:600}</style>
<script defer src="${prefix}/s.js" data-source="demo-landing-page"></script>
<script defer src="${prefix}/demo/app.js"></script>
</head><body>
<h1>See Acme Analytics in action</h1>
<p>Tell us a little about you and we will set up a 30-minute walkthrough.</p>
<form id="book-demo" name="book-demo" action="${prefix}/demo/thanks" method="post">
  <label for="full-name">Full name</label><input id="full-name" name="full_name" autocomplete="name" required>
  <label for="work-email">Work e-mail</label><input id="work-email" name="work_email" type="email" autocomplete="email" required>
  <label for="phone">Phone</label><input id="phone" name="phone" type="tel" autocomplete="tel" placeholder="+1 415 555 0134">
  <label for="company">Company</label><input id="company" name="company" autocomplete="organization">
  <label for="team-size">Team size</label><select id="team-size" name="team_size"><option>1-10</option><option>11-50</option><option>51-200</option><option>200+</option></select>
  <label for="linkedin">LinkedIn profile (optional)</label><input id="linkedin" name="linkedin" type="url" placeholder="https://www.linkedin.com/in/your-name">
  <label for="message">What would you like to see?</label><textarea id="message" name="message" rows="3"></textarea>
  <button type="submit">Book my demo</button>
</form>
<h2>Rather talk first? We call you back</h2>
<p>This form is checked by the page's own script, as React or Vue forms are: try it with the phone empty first.</p>
<form id="call-back" name="call-back" action="${prefix}/demo/thanks" method="post" novalidate>
  <label for="cb-name">Full name</label><input id="cb-name" name="full_name" autocomplete="name">
  <label for="cb-email">Work e-mail</label><input id="cb-email" name="work_email" type="email" autocomplete="email">
  <label for="cb-phone">Phone</label><input id="cb-phone" name="phone" type="tel" autocomplete="tel" placeholder="+1 415 555 0134">
  <p id="cb-message" role="alert"></p>
  <button type="submit">Call me back</button>
</form>
<p class="note">This is prospect-beacon's local demo. Submitting sends the form to the worker, which delivers it to the
stand-in Architect API: watch <code>http://127.0.0.1:8788/_stub/logs</code>. The call-back form's attempts (the one
its script refused, then the good one) arrive as <strong>one</strong> log a few seconds after the last, its
<code>payload.attempts</code> saying how many it merged.</p>
</body></html>`;

const THANKS = (prefix: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Thanks!</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style></head>
<body><h1>Thanks, we will be in touch.</h1><p><a href="${prefix}/">Back to the form</a></p></body></html>`;

function html(body: string): Response {
  return new Response(body, {
    headers: secureHeaders({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'",
    }),
  });
}

/** The call-back form's own validation, as a site's script does it: the submit is always prevented, a missing or
 * short phone gets a message, a good one is posted with fetch. Served as a file: the demo's CSP allows no inline
 * script. */
const APP = `document.getElementById('call-back').addEventListener('submit', function (e) {
  e.preventDefault();
  var form = e.target, message = document.getElementById('cb-message');
  if (!/@/.test(form.elements.work_email.value)) return (message.className = 'error'), (message.textContent = 'Please enter your work e-mail.');
  if (form.elements.phone.value.replace(/\\D/g, '').length < 8) return (message.className = 'error'), (message.textContent = 'Please enter a phone number we can call, with its country code.');
  fetch(form.action, { method: 'POST', body: new FormData(form) }).then(function (res) {
    message.className = res.ok ? 'done' : 'error';
    message.textContent = res.ok ? 'Thanks, we will call you back within a day.' : 'Something went wrong, please try again.';
  });
});
`;

export function serveDemoScript(): Response {
  return new Response(APP, { headers: secureHeaders({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }) });
}

export function serveDemo(prefix: string): Response {
  return html(PAGE(prefix));
}

/** The form's own action: a site's real backend would go here; the demo just says thanks. */
export function serveThanks(prefix: string): Response {
  return html(THANKS(prefix));
}

// The built snippet in happy-dom: every capture path, delivery, attribution, consent, isolation.
// The same suite runs against the production and the debug build.
import { afterEach, describe, expect, it } from 'vitest';
import { BUILDS, ENDPOINT, boot, sentStrings, submit } from './harness';

const FORM = `<form id="lead" name="lead" action="/thanks" method="post">
  <label for="n">Full name</label><input id="n" name="full_name" value="Ada Lovelace">
  <label>Work e-mail <input name="email" type="email" value="ada@example.com" autocomplete="email"></label>
  <button type="submit" name="intent" value="demo">Book</button>
</form>`;

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(async () => {
  expect(env?.errors ?? []).toEqual([]); // nothing of ours ever reaches the page
  await env?.close();
  env = undefined;
});

describe.each(BUILDS)('%s', (build) => {
  describe('capture paths', () => {
    it('captures a submit with fields, labels, submitter, form and page details, sent keepalive to the endpoint', async () => {
      env = await boot({ build, html: FORM, data: { source: 'pricing-page' } });
      await submit(env, 'form', false); // not prevented: the page navigates, so the request must outlive it
      expect(env.requests).toHaveLength(1);
      const { url, body, keepalive } = env.requests[0]!;
      expect(url).toBe(ENDPOINT);
      expect(keepalive).toBe(true);
      expect(body).toMatchObject({
        v: 1,
        id: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/),
        source: 'pricing-page',
        page: { url: 'https://www.example.com/pricing' },
        form: { id: 'lead', name: 'lead', action: '/thanks', method: 'post' },
        consent: 'unknown',
        ts: expect.any(Number),
      });
      expect(body.fields).toEqual([
        { name: 'full_name', value: 'Ada Lovelace', type: 'text', label: 'Full name' },
        { name: 'email', value: 'ada@example.com', type: 'email', autocomplete: 'email', label: expect.stringContaining('Work e-mail') },
        { name: 'intent', value: 'demo', type: 'submit' },
      ]);
    });

    it('sends the time from page load to submit with a form capture, and the Turnstile token as the form has it', async () => {
      env = await boot({ build, html: FORM.replace('</form>', '<input type="hidden" name="cf-turnstile-response" value="0.tok-en"></form>') });
      await submit(env);
      const { body } = env.requests[0]!;
      expect(body.elapsed).toEqual(expect.any(Number));
      // The worker takes it out of the fields for its spam check (test/worker/edge.test.ts): never delivered.
      expect(body.fields).toContainEqual(expect.objectContaining({ name: 'cf-turnstile-response', value: '0.tok-en' }));
    });

    it("sends a submit the page prevented (an SPA) without keepalive, after the page's own handlers", async () => {
      env = await boot({ build, html: FORM });
      const form = env.document.querySelector('form') as unknown as HTMLFormElement;
      let requestsDuringHandlers = -1;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        requestsDuringHandlers = env!.requests.length;
      });
      form.requestSubmit();
      await env.settle();
      expect(requestsDuringHandlers).toBe(0);
      expect(env.requests).toHaveLength(1);
      expect(env.requests[0]!.keepalive).toBe(false);
    });

    it('captures form.submit(), which fires no submit event', async () => {
      env = await boot({ build, html: FORM });
      (env.document.querySelector('form') as unknown as HTMLFormElement).submit();
      await env.settle();
      expect(env.requests).toHaveLength(1);
      expect(env.requests[0]!.body.fields[1]!.value).toBe('ada@example.com');
    });

    it('captures a form added after load', async () => {
      env = await boot({ build });
      env.document.body.innerHTML = FORM;
      await submit(env);
      expect(env.requests).toHaveLength(1);
    });

    it('captures a form inside an open shadow root once the visitor focused it', async () => {
      env = await boot({ build, html: '<div id="host"></div>' });
      const root = env.document.getElementById('host')!.attachShadow({ mode: 'open' });
      root.innerHTML = '<form><input name="email" value="shadow@example.com"><button>Go</button></form>';
      (root.querySelector('input') as unknown as HTMLInputElement).focus();
      const form = root.querySelector('form') as unknown as HTMLFormElement;
      form.addEventListener('submit', (e) => e.preventDefault());
      form.requestSubmit();
      await env.settle();
      expect(env.requests.map((r) => r.body.fields[0]!.value)).toEqual(['shadow@example.com']);
    });

    it('captures a form inside an open shadow root sent by a click with nothing focused (Safari on macOS)', async () => {
      env = await boot({ build, html: '<div id="host"></div>' });
      const root = env.document.getElementById('host')!.attachShadow({ mode: 'open' });
      root.innerHTML = '<form><input name="email" value="clicked@example.com"><button>Go</button></form>';
      const form = root.querySelector('form') as unknown as HTMLFormElement;
      form.addEventListener('submit', (e) => e.preventDefault());
      // Autofilled, then clicked: no focusin reaches the document first.
      root.querySelector('button')!.dispatchEvent(new env.window.MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
      await env.settle();
      expect(env.requests.map((r) => r.body.fields[0]!.value)).toEqual(['clicked@example.com']);
    });

    it('captures once when the visitor double-clicks submit', async () => {
      env = await boot({ build, html: FORM });
      await submit(env);
      await submit(env);
      expect(env.requests).toHaveLength(1);
    });

    it('captures once when the site calls form.submit() from its own submit handler, sent kept alive before the navigation starts', async () => {
      env = await boot({ build, html: FORM });
      const form = env.document.querySelector('form') as unknown as HTMLFormElement;
      let sentBeforeNavigating: (boolean | undefined)[] = [];
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        form.submit();
        // form.submit() navigates: the capture must already be on its way, kept alive, not waiting for a timer.
        sentBeforeNavigating = env!.requests.map((r) => r.keepalive);
      });
      form.requestSubmit();
      await env.settle();
      expect(sentBeforeNavigating).toEqual([true]);
      expect(env.requests).toHaveLength(1);
      expect(env.events.filter((e) => e.type === 'captured')).toHaveLength(1);
    });

    it('sends a prevented submit kept alive when the page is left before its send was due', async () => {
      env = await boot({ build, html: FORM });
      const form = env.document.querySelector('form') as unknown as HTMLFormElement;
      // A site that prevents the submit and leaves at once (location.href = '/thanks'): pagehide comes first.
      form.addEventListener('submit', (e) => e.preventDefault());
      form.requestSubmit();
      env.window.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('pagehide') as never);
      expect(env.requests.map((r) => r.keepalive)).toEqual([true]);
      await env.settle();
      expect(env.requests).toHaveLength(1);
    });

    it('captures again when the visitor submits different values', async () => {
      env = await boot({ build, html: FORM });
      const form = await submit(env);
      (form.querySelector('[name=email]') as HTMLInputElement).value = 'other@example.com';
      form.requestSubmit();
      await env.settle();
      expect(new Set(env.requests.map((r) => r.body.id)).size).toBe(2);
    });

    it("keeps capturing when the page's own submit handler throws", async () => {
      env = await boot({ build, html: FORM });
      const form = env.document.querySelector('form') as unknown as HTMLFormElement;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        throw new Error('site bug');
      });
      form.requestSubmit();
      await env.settle();
      expect(env.requests).toHaveLength(1);
      env.errors.length = 0; // that error was the site's own, not ours
    });

    it('honours the data-forms allow-list and data-exclude', async () => {
      env = await boot({
        build,
        html: `${FORM}<form class="newsletter"><input name="email" value="n@example.com">
          <textarea name="secret_note">call me after 6</textarea><input name="company" value="Analytical Engines"></form>`,
        data: { forms: '.newsletter', exclude: '[name=secret_note]' },
      });
      await submit(env, '#lead');
      expect(env.requests).toHaveLength(0);
      await submit(env, '.newsletter');
      expect(env.requests).toHaveLength(1);
      // The excluded field is on the page and left out; the rest of the form is sent.
      const fields = env.requests[0]!.body.fields;
      expect(fields.map((f) => f.name)).toEqual(['email', 'company']);
      expect(sentStrings([env.requests[0]!.body])).not.toContain('call me after 6');
    });
  });

  describe('manual API', () => {
    it('keeps calls made through the queue stub before the script loaded', async () => {
      env = await boot({
        build,
        before: `window.prospectBeacon = window.prospectBeacon || function () { (prospectBeacon.q = prospectBeacon.q || []).push(arguments) };
          prospectBeacon('capture', { email: 'early@example.com', plan: 'pro' }, { source: 'chat-widget', form: 'chat' });`,
      });
      expect(env.requests).toHaveLength(1);
      expect(env.requests[0]!.body).toMatchObject({
        source: 'chat-widget',
        form: { id: 'chat' },
        fields: [
          { name: 'email', value: 'early@example.com' },
          { name: 'plan', value: 'pro' },
        ],
      });
    });

    it('captures a fields object or a form element after load and returns the capture id', async () => {
      env = await boot({ build, html: '<div><form id="f"><input name="email" value="div@example.com"></form></div>' });
      const id = env.window.prospectBeacon.capture({ email: 'api@example.com', password: 'nope', card: '4111111111111111' });
      await env.settle();
      expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
      expect(env.requests[0]!.body).toMatchObject({ id, fields: [{ name: 'email', value: 'api@example.com' }] });
      expect(env.requests[0]!.body.elapsed).toBeUndefined(); // code calls the API: no "too fast" for it
      const formId = env.window.prospectBeacon.capture(env.document.getElementById('f'));
      await env.settle();
      expect(env.requests[1]!.body.id).toBe(formId);
    });
  });

  describe('never sent', () => {
    it.each([
      ['a password input', '<input type="password" name="pw" value="hunter2-secret">', 'hunter2-secret'],
      ['a card number by autocomplete', '<input name="x1" autocomplete="cc-number" value="5555 5555 5555 4444">', '5555 5555 5555 4444'],
      ['a CVC by name', '<input name="card_cvc" value="737">', '737'],
      ['a CVC by label', '<label for="s">Security code</label><input id="s" name="s" value="914">', '914'],
      ['an expiry date', '<input name="exp" value="12/29">', '12/29'],
      ['a cardholder name in German', '<label for="h">Karteninhaber</label><input id="h" name="h" value="MAX MUSTER">', 'MAX MUSTER'],
      ['an SSN', '<input name="ssn" value="078-05-1120">', '078-05-1120'],
      ['a national id', '<input name="national_id" value="AB123456C">', 'AB123456C'],
      ['a one-time code', '<input name="code" autocomplete="one-time-code" value="913374">', '913374'],
      ['a CSRF token', '<input type="hidden" name="csrf_token" value="tok-abc-123">', 'tok-abc-123'],
      ['ASP.NET view state', '<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4MTI">', 'dDwtMTA4MTI'],
      ['a captcha response', '<input type="hidden" name="g-recaptcha-response" value="03AGdBq25">', '03AGdBq25'],
      ['a field inside data-pb-ignore', '<div data-pb-ignore><input name="notes" value="private note"></div>', 'private note'],
      ['a Luhn-valid card number typed into a notes field', '<textarea name="notes">4111 1111 1111 1111</textarea>', '4111 1111 1111 1111'],
      ['a honeypot value', '<input name="_gotcha" value="spam">', 'spam'],
    ])('%s', async (_t, html, secret) => {
      env = await boot({ build, html: `<form><input name="email" value="ada@example.com">${html}<input type="file" name="cv"><button>Go</button></form>` });
      await submit(env);
      expect(env.requests).toHaveLength(1);
      expect(sentStrings([env.requests[0]!.body]).filter((s) => s.includes(secret))).toEqual([]);
      expect(env.requests[0]!.body.fields.map((f) => f.name)).toEqual(['email']);
    });

    it('sends controls with an id but no name (FormData skips them), but not their buttons, unchecked boxes or passwords', async () => {
      env = await boot({
        build,
        html: `<form><input name="email" id="em" value="ada@example.com"><input id="company" value="Analytical Engines">
          <select id="size"><option>1-10</option><option selected>11-50</option></select>
          <input id="terms" type="checkbox" value="yes" checked><input id="news" type="checkbox" value="yes">
          <input id="pin" type="password" value="hunter2"><button id="go" type="submit">Go</button></form>`,
      });
      await submit(env);
      expect(env.requests).toHaveLength(1);
      expect(env.requests[0]!.body.fields.map((f) => [f.name, f.value])).toEqual([
        ['email', 'ada@example.com'],
        ['company', 'Analytical Engines'],
        ['size', '11-50'],
        ['terms', 'yes'],
      ]);
    });

    it('sends a 16-digit number that fails the Luhn check (an order number)', async () => {
      env = await boot({ build, html: '<form><input name="email" value="a@example.com"><input name="order" value="1234567812345678"></form>' });
      await submit(env);
      expect(env.requests[0]!.body.fields.map((f) => f.name)).toEqual(['email', 'order']);
    });

    it('does not capture a form with data-pb-ignore at all', async () => {
      env = await boot({ build, html: '<form data-pb-ignore><input name="email" value="a@example.com"></form>' });
      await submit(env);
      expect(env.requests).toHaveLength(0);
    });

    it.each([
      ['_gotcha', true, 'spam-bot'],
      ['bot-field', true, 'x'],
      ['b_0123abcd_4567ef', true, 'x'],
      ['bot-field/', true, 'x'], // <input name=bot-field/> as a real Netlify page writes it
      ['_gotcha', false, ''],
    ])('marks a capture whose %s honeypot is filled as a bot (%s)', async (name, bot, value) => {
      env = await boot({ build, html: `<form><input name="email" value="a@example.com"><input name="${name}" value="${value}"></form>` });
      await submit(env);
      expect(env.requests[0]!.body.bot).toBe(bot ? true : undefined);
    });
  });

  describe('labels', () => {
    it.each([
      ['label[for]', '<label for="e">E-mail</label><input id="e" name="x" value="a@example.com">', 'E-mail'],
      ['a wrapping label', '<label>Your e-mail <input name="x" value="a@example.com"></label>', 'Your e-mail'],
      ['aria-label', '<input name="x" aria-label="Contact e-mail" value="a@example.com">', 'Contact e-mail'],
      [
        'aria-labelledby',
        '<span id="l1">Business</span><span id="l2">e-mail</span><input name="x" aria-labelledby="l1 l2" value="a@example.com">',
        'Business e-mail',
      ],
      ['the placeholder', '<input name="x" placeholder="you@company.com" value="a@example.com">', 'you@company.com'],
      [
        'text in the cell before, last',
        '<dl><dt><span>*</span> <span>Email Address:</span></dt><dd><input type="hidden" name="h" value=""><input name="x" value="a@example.com"></dd></dl>',
        '* Email Address:',
      ],
      ['a label element without for, before the wrapper', '<label>聯絡電話</label><div><input name="x" value="a@example.com"></div>', '聯絡電話'],
    ])('reads %s', async (_t, html, label) => {
      env = await boot({ build, html: `<form>${html}</form>` });
      await submit(env);
      expect(env.requests[0]!.body.fields[0]!.label!.replace(/\s+/g, ' ').trim()).toBe(label);
    });
  });

  describe('attribution', () => {
    it('keeps the first touch and the latest touch across page views', async () => {
      env = await boot({ build, url: 'https://www.example.com/?utm_source=google&utm_campaign=spring&gclid=abc', referrer: 'https://www.google.com/' });
      const stored = env.window.localStorage.getItem('pb_touches')!;
      await env.close();
      env = await boot({ build, url: 'https://www.example.com/pricing?utm_source=newsletter', storage: { pb_touches: stored }, html: FORM });
      await submit(env);
      const { touches } = env.requests[0]!.body;
      expect(touches).toEqual([
        { url: 'https://www.example.com/?utm_source=google&utm_campaign=spring&gclid=abc', referrer: 'https://www.google.com/', ts: expect.any(Number) },
        { url: 'https://www.example.com/pricing?utm_source=newsletter', referrer: '', ts: expect.any(Number) },
      ]);
      expect(touches![0]!.ts).toBeLessThanOrEqual(touches![1]!.ts);
    });

    it.each([
      ['this site', 'https://www.example.com/', false],
      ['this site, deeper', 'https://www.example.com/blog/post?x=1', false],
      ['a site whose name starts with this one', 'https://www.example.com.au/', true],
      ['this host on another port', 'https://www.example.com:8443/', true],
      ['the same host over http', 'http://www.example.com/', true],
    ])('a referrer from %s (%s) is a touch: %s', async (_t, referrer, touch) => {
      env = await boot({ build, url: 'https://www.example.com/pricing', referrer, html: FORM });
      await submit(env);
      expect(env.requests[0]!.body.touches).toEqual(touch ? [expect.objectContaining({ referrer }), expect.objectContaining({ referrer })] : []);
    });

    it('works with storage blocked, in memory', async () => {
      env = await boot({ build, url: 'https://www.example.com/?utm_source=ads', blockStorage: true, html: FORM });
      await submit(env);
      expect(env.requests[0]!.body.touches!.map((t) => t.url)).toEqual(['https://www.example.com/?utm_source=ads', 'https://www.example.com/?utm_source=ads']);
    });
  });

  describe('delivery and outbox', () => {
    it('writes nothing to storage for a visitor who neither arrived from a campaign nor submitted', async () => {
      env = await boot({ build, html: FORM });
      // The idle work (touch, outbox flush) has run by now: it read storage, found nothing, wrote nothing.
      expect(Object.keys(env.window.localStorage)).toEqual([]);
      await submit(env);
      expect(JSON.parse(env.window.localStorage.getItem('pb_outbox')!)).toEqual([]);
    });

    it('fires captured and sent events', async () => {
      env = await boot({ build, html: FORM });
      await submit(env);
      const id = env.requests[0]!.body.id;
      expect(env.events).toEqual([
        { type: 'captured', detail: { id } },
        { type: 'sent', detail: { id, status: 202 } },
      ]);
      expect(JSON.parse(env.window.localStorage.getItem('pb_outbox')!)).toEqual([]);
    });

    it('keeps a capture the worker answered 503 and resends it, same id, kept alive, when the next page view is left', async () => {
      env = await boot({ build, html: FORM, respond: () => 503 });
      await submit(env);
      const id = env.requests[0]!.body.id;
      expect(env.events.at(-1)).toEqual({ type: 'failed', detail: { id, status: 503 } });
      const outbox = env.window.localStorage.getItem('pb_outbox')!;
      await env.close();
      env = await boot({ build, storage: { pb_outbox: outbox } });
      // Not at load, nor once the page is idle (the idle work has run: settle waited for it).
      expect(env.requests).toEqual([]);
      env.window.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('pagehide'));
      await env.settle();
      expect(env.requests.map((r) => [r.body.id, r.keepalive])).toEqual([[id, true]]);
      expect(JSON.parse(env.window.localStorage.getItem('pb_outbox')!)).toEqual([]);
    });

    it('sends a capture again, kept alive, when the page is left while its plain fetch still waits for an answer', async () => {
      // The worker has not answered yet: the request stays in flight.
      env = await boot({ build, html: FORM, respond: () => new Promise<number>(() => {}) });
      await submit(env);
      const id = env.requests[0]!.body.id;
      expect(env.requests.map((r) => [r.body.id, r.keepalive])).toEqual([[id, false]]);
      env.window.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('pagehide') as never);
      await env.settle();
      expect(env.requests.map((r) => [r.body.id, r.keepalive])).toEqual([
        [id, false],
        [id, true],
      ]);
      // Once more left (a second pagehide): not a third time.
      env.window.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('pagehide') as never);
      await env.settle();
      expect(env.requests).toHaveLength(2);
    });

    it('resends the outbox when the page is hidden (a tab switch), and with the next capture', async () => {
      const stored = {
        v: 1,
        id: 'hidden000000000000001',
        page: { url: 'https://www.example.com/' },
        fields: [{ name: 'email', value: 'a@example.com' }],
        ts: Date.now(),
      };
      env = await boot({ build, html: FORM, storage: { pb_outbox: JSON.stringify([stored]) } });
      Object.defineProperty(env.document, 'hidden', { value: true, configurable: true });
      env.document.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('visibilitychange', { bubbles: true }) as never);
      await env.settle();
      expect(env.requests.map((r) => r.body.id)).toEqual([stored.id]);
      await env.close();
      env = await boot({ build, html: FORM, storage: { pb_outbox: JSON.stringify([stored]) } });
      await submit(env);
      expect(env.requests.map((r) => r.body.id)).toEqual([env.requests[0]!.body.id, stored.id]);
      expect(env.requests[0]!.body.id).not.toBe(stored.id);
    });

    it('falls back to sendBeacon when fetch fails, and keeps the capture', async () => {
      env = await boot({ build, html: FORM, respond: () => new Error('offline') });
      await submit(env);
      expect(env.beacons.filter((b) => b.url === ENDPOINT)).toHaveLength(1); // the capture's; analytics sends its own beacon
      expect(JSON.parse(env.window.localStorage.getItem('pb_outbox')!)).toHaveLength(1);
    });

    it('keeps the capture and reports the failure in a browser without sendBeacon (Firefox, beacon.enabled=false)', async () => {
      env = await boot({ build, html: FORM, respond: () => new Error('offline'), noBeacon: true });
      await submit(env);
      expect(env.events.map((e) => e.type)).toEqual(['captured', 'failed']);
      expect(JSON.parse(env.window.localStorage.getItem('pb_outbox')!)).toHaveLength(1);
    });

    it('drops a capture the worker refused with a 4xx: sending it again cannot help', async () => {
      env = await boot({ build, html: FORM, respond: () => 422 });
      await submit(env);
      expect(JSON.parse(env.window.localStorage.getItem('pb_outbox')!)).toEqual([]);
      expect(env.events.at(-1)!.type).toBe('failed');
    });

    it('bounds the outbox to 20 captures and 7 days', async () => {
      const now = Date.now();
      const old = (i: number, ageDays: number) => ({
        v: 1,
        id: `old${String(i).padStart(18, '0')}`,
        page: { url: 'https://www.example.com/' },
        fields: [{ name: 'email', value: 'a@example.com' }],
        ts: now - ageDays * 864e5,
      });
      const stored = [...Array.from({ length: 3 }, (_, i) => old(i, 8)), ...Array.from({ length: 25 }, (_, i) => old(100 + i, 1))];
      env = await boot({ build, storage: { pb_outbox: JSON.stringify(stored) }, respond: () => 503 });
      env.window.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('pagehide'));
      await env.settle();
      const ids = env.requests.map((r) => r.body.id);
      expect(ids).toHaveLength(20);
      expect(ids.every((id) => Number(id.slice(3)) >= 105)).toBe(true);
      expect(JSON.parse(env.window.localStorage.getItem('pb_outbox')!)).toHaveLength(20);
    });

    it('shortens an over-large capture to fit the 32 KB budget instead of losing it', async () => {
      const many = Array.from({ length: 30 }, (_, i) => `<textarea name="t${i}">${'x'.repeat(3000)}</textarea>`).join('');
      env = await boot({ build, html: `<form><input name="email" value="a@example.com">${many}</form>` });
      await submit(env);
      expect(env.requests).toHaveLength(1);
      expect(JSON.stringify(env.requests[0]!.body).length).toBeLessThan(32_000);
      expect(env.requests[0]!.body.fields[0]).toMatchObject({ name: 'email', value: 'a@example.com' });
    });
  });

  describe('consent and privacy signals', () => {
    it('sends nothing before consent(true), then the held capture marked granted', async () => {
      env = await boot({ build, html: FORM, data: { consent: 'required' } });
      await submit(env);
      expect(env.requests).toHaveLength(0);
      expect(env.window.localStorage.getItem('pb_outbox')).toBeNull();
      env.window.prospectBeacon.consent(true);
      await env.settle();
      expect(env.requests).toHaveLength(1);
      expect(env.requests[0]!.body.consent).toBe('granted');
    });

    it('sends a capture held before the page was idle when consent(true) also comes before it', async () => {
      // Both in the same task as the snippet itself: before any idle callback could run.
      const after = `prospectBeacon.capture({ email: 'early@example.com' }); prospectBeacon.consent(true);`;
      env = await boot({ build, html: FORM, data: { consent: 'required' }, after });
      await expect.poll(() => env!.requests.length).toBe(1);
      expect(env.requests[0]!.body).toMatchObject({ consent: 'granted', fields: [{ name: 'email', value: 'early@example.com' }] });
    });

    it('drops held captures on consent(false)', async () => {
      env = await boot({ build, html: FORM, data: { consent: 'required' } });
      await submit(env);
      env.window.prospectBeacon.consent(false);
      await env.settle();
      expect(env.requests).toHaveLength(0);
    });

    it('captures nothing from a visitor sending Global Privacy Control, with data-respect-gpc', async () => {
      env = await boot({ build, html: FORM, data: { 'respect-gpc': '' }, gpc: true });
      await submit(env);
      expect(env.requests).toHaveLength(0);
    });

    it('ignores Global Privacy Control without data-respect-gpc', async () => {
      env = await boot({ build, html: FORM, gpc: true });
      await submit(env);
      expect(env.requests).toHaveLength(1);
    });
  });

  describe('install', () => {
    it.each([
      ['https://beacon.example.net/s.js', 'https://beacon.example.net/v1/submissions'],
      ['https://www.example.com/_pb/s.js?v=3', 'https://www.example.com/_pb/v1/submissions'],
    ])('works injected late by a tag manager from %s, posting to %s', async (src, endpoint) => {
      env = await boot({ build, html: FORM, lateInjection: src });
      await submit(env);
      expect(env.requests[0]!.url).toBe(endpoint);
    });

    it('logs what it does to the console only in the debug build, with data-debug', async () => {
      env = await boot({ build, html: FORM, data: { debug: '' } });
      await submit(env);
      const printed = env.window.happyDOM.virtualConsolePrinter.readAsString();
      if (build === 'snippet.debug.js') expect(printed).toContain('[prospect-beacon] captured');
      else expect(printed).toBe('');
    });

    it('reads no storage on a page view that is no touch until the page is idle after the first focus, never inside the focus', async () => {
      const before = `(() => { const local = localStorage, session = sessionStorage; let n = 0, m = 0;
        Object.defineProperty(window, 'localStorage', { configurable: true, get() { n++; return local; } });
        Object.defineProperty(window, 'sessionStorage', { configurable: true, get() { m++; return session; } });
        window.storageReads = () => [n, m]; })();`;
      env = await boot({ build, html: FORM, before });
      const w = env.window as unknown as { storageReads: () => [number, number] };
      // The idle work has run (settle waits for it): no touch on this page view, so nothing was read.
      expect(w.storageReads()).toEqual([0, 0]);
      env.document.querySelector('input')!.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('focusin', { bubbles: true }) as never);
      // The first access to a storage waits on the browser process: not while the visitor's click or tap is handled.
      expect(w.storageReads()).toEqual([0, 0]);
      await env.settle();
      const [local, session] = w.storageReads();
      expect(local).toBeGreaterThan(0);
      expect(session).toBeGreaterThan(0);
    });

    it('reads a form once, at idle after the first focus in it, so the first submit is quick; sends and stores none of it', async () => {
      // Counts FormData reads of a form: the snippet's only way to read a form's values.
      const before = `(() => { const Real = FormData; let n = 0;
        window.FormData = class extends Real { constructor(...a) { super(...a); n++; } };
        window.formReads = () => n; })();`;
      env = await boot({ build, html: FORM, before });
      const w = env.window as unknown as { formReads: () => number };
      expect(w.formReads()).toBe(0);
      const input = env.document.querySelector('input')!;
      input.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('focusin', { bubbles: true }) as never);
      expect(w.formReads()).toBe(0); // not inside the focus: at idle
      await env.settle();
      expect(w.formReads()).toBe(1);
      input.dispatchEvent(new (env.window as unknown as typeof globalThis).Event('focusin', { bubbles: true }) as never);
      await env.settle();
      expect(w.formReads()).toBe(1); // the first focus only
      expect(env.requests).toEqual([]);
      expect(env.beacons.map((b) => JSON.stringify(b))).not.toContainEqual(expect.stringContaining('ada@example.com'));
      const stored = JSON.stringify([{ ...env.window.localStorage }, { ...env.window.sessionStorage }]);
      expect(stored).not.toContain('ada@example.com');
    });

    it('touches no storage while it loads: attribution and the outbox wait until the page is idle', async () => {
      // Counts reads of window.localStorage; `after` notes the count once the snippet's script has run.
      const before = `(() => { const real = localStorage; let n = 0;
        Object.defineProperty(window, 'localStorage', { configurable: true, get() { n++; return real; } });
        window.storageReads = () => n; })();`;
      env = await boot({ build, url: 'https://www.example.com/?utm_source=ads', before, after: 'window.readsAtLoad = window.storageReads();' });
      const w = env.window as unknown as { readsAtLoad: number; storageReads: () => number };
      expect(w.readsAtLoad).toBe(0);
      // Then, at idle, the touch is recorded and the outbox flushed.
      expect(w.storageReads()).toBeGreaterThan(0);
      expect(JSON.parse(env.window.localStorage.getItem('pb_touches')!)[0].url).toBe('https://www.example.com/?utm_source=ads');
    });

    it('at load registers its two document listeners and nothing else, and never touches cookies', async () => {
      // Records every listener added and every cookie read or write, from before the snippet runs to after a submit.
      const before = `(() => {
        const added = (window.listenersAdded = []);
        // Elements and document share EventTarget's method; happy-dom's window has its own.
        for (let target of [document, window]) {
          while (!Object.hasOwn(target, 'addEventListener')) target = Object.getPrototypeOf(target);
          const add = target.addEventListener;
          target.addEventListener = function (type, fn, opts) {
            added.push((this === document ? 'document' : this === window ? 'window' : 'other') + ':' + type);
            return add.call(this, type, fn, opts);
          };
        }
        let proto = document;
        while (!Object.getOwnPropertyDescriptor(proto, 'cookie')) proto = Object.getPrototypeOf(proto);
        const real = Object.getOwnPropertyDescriptor(proto, 'cookie');
        window.cookieUses = 0;
        Object.defineProperty(proto, 'cookie', { configurable: true,
          get() { window.cookieUses++; return real.get.call(this); },
          set(v) { window.cookieUses++; real.set.call(this, v); } });
      })();`;
      env = await boot({ build, html: FORM, before, after: 'window.listenersAtLoad = window.listenersAdded.slice();' });
      const w = env.window as unknown as { listenersAtLoad: string[]; cookieUses: number };
      // click: wizards and formless flows (flows.ts); pagehide: a page left before it was idle runs its idle work then;
      // pagehide and visibilitychange again: the outbox of earlier page views goes when this one is hidden or left.
      expect(w.listenersAtLoad).toEqual([
        'document:submit',
        'document:click',
        'document:focusin',
        'window:pagehide',
        'window:pagehide',
        'window:visibilitychange',
      ]);
      await submit(env);
      expect(env.requests).toHaveLength(1);
      expect(w.cookieUses).toBe(0);
    });

    it('defines no global but prospectBeacon', async () => {
      // The same window, script tag and all, with no snippet run in it: whatever the snippet adds shows up.
      const bare = await boot({ build, snippet: false });
      const before = new Set(Object.keys(bare.window));
      expect(before.has('prospectBeacon')).toBe(false);
      await bare.close();
      env = await boot({ build });
      const added = Object.keys(env.window).filter((k) => !before.has(k));
      expect(added).toEqual(['prospectBeacon']);
      expect(typeof env.window.prospectBeacon).toBe('function');
    });
  });
});

// Real forms written by others (../shared/corpus): filled as a visitor would, submitted through the built
// snippet in happy-dom; no card number, CVC, password or one-time code may be in what it sends.
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CARD_NUMBER, CVC, ONE_TIME_CODE, PASSWORD, fillForm } from '../corpus/fill';
import { SHARED_DIR } from '../corpus/load';
import { boot, sentStrings } from './harness';

const noScripts = (html: string) => html.replace(/<script[\s\S]*?<\/script>/gi, '');
/** Chromium's verdicts for an e-mail or phone field: a form with one filled in is a lead, so it must be sent. */
const CONTACT = /EMAIL|PHONE_HOME_WHOLE|PHONE_HOME_CITY_AND/;
const SECRETS = [CARD_NUMBER, CARD_NUMBER.replace(/ /g, ''), CVC, PASSWORD, ONE_TIME_CODE];

let env: Awaited<ReturnType<typeof boot>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('the Chromium autofill corpus', () => {
  const pages = inject('corpus');

  it.each(pages.map((p) => [p.file, p] as const))('%s: captures its forms and sends nothing sensitive', async (_file, page) => {
    env = await boot({ html: noScripts(page.html) });
    const doc = env.document;
    let submitted = 0;
    let withContact = 0;
    for (const [i, fields] of page.forms.entries()) {
      const { filled } = fillForm(fields, page.country, `${i}`);
      let form: HTMLFormElement | null = null;
      let contact = false;
      for (const [j, field] of fields.entries()) {
        const el = (doc.getElementsByName(field.name)[0] ?? doc.getElementById(field.name)) as unknown as HTMLInputElement | null;
        if (!el) continue;
        form ??= el.form;
        if (el.tagName === 'SELECT') continue;
        // Sensitive values go in even where Chromium could not type the field: the snippet must still hold them back.
        el.value = field.type === 'password' ? PASSWORD : filled[j]!.value;
        if (CONTACT.test(field.chromeType) && field.type !== 'hidden' && el.form === form) contact = true;
      }
      if (!form) continue;
      // happy-dom applies maxlength to values set from script, which browsers do not: validation is not under test.
      form.noValidate = true;
      form.addEventListener('submit', (e) => e.preventDefault());
      const before = env.requests.length;
      form.requestSubmit();
      await env.settle();
      submitted++;
      // Every form with an e-mail or phone filled in reaches the endpoint, one capture each; none sends twice.
      const sentForForm = env.requests.length - before;
      if (contact) expect(sentForForm, `form ${i}`).toBe(1);
      else expect(sentForForm, `form ${i}`).toBeLessThanOrEqual(1);
      if (contact) withContact++;
    }
    expect(submitted).toBeGreaterThan(0);
    const sent = sentStrings(env.requests.map((r) => r.body));
    expect(sent.length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(sent.filter((s) => s.includes(secret))).toEqual([]);
    expect(env.requests.length).toBeGreaterThanOrEqual(withContact);
  });
});

describe('marketing-platform embeds', () => {
  const dir = `${SHARED_DIR}corpus/marketing/`;
  const files = readdirSync(dir).filter((f) => f.endsWith('.html'));

  it.each(files)('%s: captures the form, leaves honeypots and redirects as they are, flags no bot', async (file) => {
    env = await boot({ html: noScripts(readFileSync(dir + file, 'utf8')) });
    const form = env.document.querySelector('form') as unknown as HTMLFormElement;
    for (const el of Array.from(form.querySelectorAll('input, textarea')) as HTMLInputElement[]) {
      if (el.type === 'hidden' || el.type === 'submit' || el.type === 'checkbox' || /gotcha|bot-field/.test(el.name) || el.style.display === 'none') continue;
      el.value = el.type === 'email' || /mail|replyto/i.test(el.name) ? 'visitor@example.com' : el.type === 'tel' ? '+31 6 12345678' : 'Sanne de Vries';
    }
    form.addEventListener('submit', (e) => e.preventDefault());
    form.requestSubmit();
    await env.settle();
    expect(env.requests).toHaveLength(1);
    const { body } = env.requests[0]!;
    expect(body.bot).toBeUndefined();
    expect(body.fields.some((f) => f.value === 'visitor@example.com')).toBe(true);
    expect(body.fields.map((f) => f.name)).not.toContain('_gotcha');
    expect(body.fields.map((f) => f.name)).not.toContain('bot-field');
  });

  it('flags the Formspree form as a bot when its _gotcha honeypot is filled', async () => {
    env = await boot({ html: noScripts(readFileSync(`${dir}formspree_bamf-site.html`, 'utf8')) });
    const form = env.document.querySelector('form') as unknown as HTMLFormElement;
    (form.querySelector('[name=_replyto]') as HTMLInputElement).value = 'bot@example.com';
    (form.querySelector('[name=_gotcha]') as HTMLInputElement).value = 'http://spam.example';
    form.noValidate = true; // a bot skips the required name field
    form.addEventListener('submit', (e) => e.preventDefault());
    form.requestSubmit();
    await env.settle();
    expect(env.requests[0]!.body.bot).toBe(true);
    expect(JSON.stringify(env.requests[0]!.body)).not.toContain('spam.example');
  });
});

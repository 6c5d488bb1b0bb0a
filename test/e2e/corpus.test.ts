// Every corpus page in headless Chromium with the real snippet: each form filled by Chromium's type for its
// fields, submitted, and what reached the stand-in checked: no secrets, and the identity the worker extracted
// against Chromium's verdict, each form on its own (a form that stores nothing fails its case). Prints a table.
import { getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json' with { type: 'json' };
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CARD_NUMBER, CVC, ONE_TIME_CODE, PASSWORD, fillForm } from '../corpus/fill';
import { launch } from '../../tools/browser';
import { POLL, pagesUrl, storedLogs, type StoredLog } from './helpers';

const run = Date.now().toString(36);
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

type Kind = 'email' | 'phoneNumber' | 'name';
const tally = { forms: 0, captured: 0, noContact: 0, sensitive: 0 } as Record<string, number>;
const identity: Record<Kind, { right: number; wrong: number; missing: number }> = {
  email: { right: 0, wrong: 0, missing: 0 },
  phoneNumber: { right: 0, wrong: 0, missing: 0 },
  name: { right: 0, wrong: 0, missing: 0 },
};
const failures: string[] = [];

const logsOf = async (marker: string): Promise<StoredLog[]> =>
  (await storedLogs()).filter((l) => String((l.request.payload.page as { url: string }).url).includes(marker));

/** Waits until `count` logs with this marker are stored (the positive signal), then returns them all. */
async function expectLogsOf(marker: string, count: number): Promise<StoredLog[]> {
  await expect.poll(async () => (await logsOf(marker)).length, { ...POLL, timeout: 15_000 }).toBeGreaterThanOrEqual(count);
  return logsOf(marker);
}

type Armed = Window & { pbCaptured?: boolean; pbAnswered?: Promise<number | undefined> };

/** Before submitting: a promise that settles with the worker's answer to the page's capture (sent or failed). */
async function arm(page: import('playwright-core').Page): Promise<void> {
  await page.evaluate(() => {
    document.addEventListener('prospectbeacon:captured', () => ((window as Armed).pbCaptured = true));
    (window as Armed).pbAnswered = new Promise((resolve) => {
      for (const type of ['prospectbeacon:sent', 'prospectbeacon:failed'])
        document.addEventListener(type, (e) => resolve((e as CustomEvent<{ status?: number }>).detail.status));
    });
  });
}

/** After submitting: the worker's answer, so the page is not closed under a request in flight; null when the
 *  snippet made no capture (it fires prospectbeacon:captured during the submit, so there is nothing to wait for). */
async function answered(page: import('playwright-core').Page): Promise<number | null> {
  return page.evaluate(async () => ((window as Armed).pbCaptured ? ((await (window as Armed).pbAnswered) ?? 0) : null));
}

/** Opens the page, fills one form's fields by name (or id), submits it without leaving the page; answers with
 *  the worker's status for the capture, or null when there was none. */
async function submitForm(file: string, marker: string, values: { name: string; value: string }[], formIndex: number): Promise<number | null> {
  const page = await browser.newPage();
  try {
    await page.goto(`${pagesUrl}/corpus/${file}?${marker}`);
    await page.waitForFunction(() => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function');
    await arm(page);
    await page.evaluate(
      ({ values, formIndex }) => {
        const byName = (n: string) => (document.getElementsByName(n)[0] ?? document.getElementById(n)) as HTMLInputElement | null;
        let form: HTMLFormElement | null = null;
        for (const { name, value } of values) {
          const el = byName(name);
          if (!el || el.tagName === 'SELECT' || (el.type === 'hidden' && value === '')) continue;
          form ??= el.form;
          el.value = value;
        }
        form ??= document.forms[formIndex] ?? null;
        if (!form) return;
        form.noValidate = true;
        form.addEventListener('submit', (e) => e.preventDefault());
        form.requestSubmit();
      },
      { values, formIndex },
    );
    return await answered(page);
  } finally {
    await page.close();
  }
}

function checkSecrets(logs: StoredLog[]): number {
  let found = 0;
  for (const log of logs) {
    const values = Object.values(log.request.payload.fields).flat().map(String);
    const text = JSON.stringify(log.request);
    if (text.includes(PASSWORD) || text.includes(CARD_NUMBER) || text.includes(CARD_NUMBER.replace(/ /g, ''))) found++;
    else if (values.some((v) => v === CVC || v === ONE_TIME_CODE)) found++;
  }
  return found;
}

describe('the corpus in Chromium', () => {
  const pages = inject('corpus');

  it.each(pages.flatMap((p) => p.forms.map((_form, i) => [`${p.file} form ${i}`, p, i] as const)))('%s', async (_name, page, i) => {
    const fields = page.forms[i]!;
    const seed = `${run}${i}${page.file.slice(0, 3)}`;
    const { filled, expected } = fillForm(fields, page.country, seed);
    // Phone numbers in international form: wrangler dev has no visitor country to read a national one by.
    const intl = getExampleNumber(page.country as CountryCode, examples)!;
    const values = filled.map((f, j) => ({
      name: f.name,
      value: fields[j]!.type === 'password' ? PASSWORD : /WHOLE_NUMBER|CITY_AND_NUMBER|HTML_TYPE_TEL/.test(f.chromeType) ? intl.formatInternational() : f.value,
    }));
    // In `ref`, a parameter the URL rule keeps (common/url.ts): any other would be dropped before the log.
    const marker = `ref=${run}-form-${i}-${page.file}`;
    tally.forms!++;
    const status = await submitForm(page.file, marker, values, i);
    // A form with neither e-mail nor phone identifies nobody: the worker answers 422 and stores nothing, by design.
    const contact = Boolean(expected.email || expected.phoneNumber);
    if (!contact) tally.noContact!++;
    // The worker has answered (the positive signal): a log, if any, is stored or on its way through the queue.
    const logs = contact && status === 202 ? await expectLogsOf(marker, 1) : await logsOf(marker);
    tally.sensitive! += checkSecrets(logs);
    if (logs.length) tally.captured!++;
    const got = logs[0]?.request ?? {};
    if (!contact) {
      expect(logs).toEqual([]);
      return;
    }
    for (const kind of ['email', 'phoneNumber', 'name'] as Kind[]) {
      const want = expected[kind];
      if (!want) continue;
      const have = (got as Record<string, string | undefined>)[kind];
      if (have === want) identity[kind].right++;
      else {
        identity[kind][have ? 'wrong' : 'missing']++;
        failures.push(`${page.file} form ${i} ${kind}: want ${want}, got ${have ?? '—'}`);
      }
    }
    expect(checkSecrets(logs)).toBe(0);
    // This form on its own: answered 202, stored once, with the identity Chromium names.
    expect(status, 'the worker answered').toBe(202);
    expect(logs).toHaveLength(1);
    for (const kind of ['email', 'phoneNumber', 'name'] as Kind[])
      if (expected[kind]) expect((got as Record<string, unknown>)[kind], kind).toBe(expected[kind]);
  });

  const MARKETING: [string, { phoneNumber?: string; name: string }][] = [
    ['formspree_bamf-site.html', { phoneNumber: '+31612345678', name: 'Sanne de Vries' }],
    ['hubspot_designsystem.html', { name: 'Sanne de Vries' }],
    ['netlify_my-blog.html', { name: 'Sanne de Vries' }],
    ['webflow_Perfect-Cleanings.html', { phoneNumber: '+31612345678', name: 'Sanne de Vries' }],
  ];

  it.each(MARKETING)('marketing embed %s', async (file, want) => {
    const email = `visitor.${run}.${file.slice(0, 5)}@example.com`;
    const marker = `ref=${run}-${file}`;
    tally.forms!++;
    const page = await browser.newPage();
    await page.goto(`${pagesUrl}/corpus/${file}?${marker}`);
    await page.waitForFunction(() => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function');
    await arm(page);
    await page.evaluate((email) => {
      const form = document.querySelector('form')!;
      for (const el of Array.from(form.querySelectorAll('input, textarea')) as HTMLInputElement[]) {
        // What a visitor sees and fills: no hidden fields, no honeypots hidden by CSS, no buttons.
        if (/hidden|submit|checkbox|button/.test(el.type) || el.offsetParent === null || /gotcha|bot-field/.test(el.name)) continue;
        const hint = `${el.name} ${el.placeholder}`.toLowerCase();
        el.value =
          el.type === 'email' || /mail|replyto/.test(hint)
            ? email
            : el.type === 'tel'
              ? '+31 6 12345678'
              : /last|prénom/.test(el.name)
                ? 'de Vries'
                : /first/.test(el.name)
                  ? 'Sanne'
                  : 'Sanne de Vries';
      }
      form.noValidate = true;
      form.addEventListener('submit', (e) => e.preventDefault());
      form.requestSubmit();
    }, email);
    const status = await answered(page);
    await page.close();
    expect(status, 'the worker answered').toBe(202);
    const logs = await expectLogsOf(marker, 1);
    tally.sensitive! += checkSecrets(logs);
    if (logs.length) tally.captured!++;
    const got = (logs[0]?.request ?? {}) as Record<string, string | undefined>;
    for (const [kind, value] of Object.entries({ email, ...want }) as [Kind, string][]) {
      if (got[kind] === value) identity[kind].right++;
      else {
        identity[kind][got[kind] ? 'wrong' : 'missing']++;
        failures.push(`${file} ${kind}: want ${value}, got ${got[kind] ?? '—'}`);
      }
    }
    expect(logs).toHaveLength(1);
    expect((logs[0]!.request.payload.fields as Record<string, unknown>)._gotcha).toBeUndefined();
    for (const [kind, value] of Object.entries({ email, ...want })) expect(got[kind], kind).toBe(value);
  });

  afterAll(() => {
    const rows = (['email', 'phoneNumber', 'name'] as Kind[]).map((k) => `| ${k} | ${identity[k].right} | ${identity[k].wrong} | ${identity[k].missing} |`);
    console.log(
      [
        '',
        `Corpus run in Chromium: ${tally.forms} forms, ${tally.captured} logs stored, ${tally.noContact} without e-mail or phone (422, nothing stored, by design), sensitive values sent: ${tally.sensitive}`,
        '| identity | right | wrong | missing |',
        '|---|---|---|---|',
        ...rows,
        ...failures.map((f) => `  ${f}`),
        '',
      ].join('\n'),
    );
  });

  it('sent no sensitive value and got every identity Chromium names right', () => {
    expect(tally.sensitive).toBe(0);
    expect(failures).toEqual([]);
  });
});

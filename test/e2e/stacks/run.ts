// Helpers for the library scenarios (test/e2e/stacks.test.ts): open an app's page recording every request it
// makes, check a lead's stored log, prove a value never left the browser, and the table printed at the end.
import type { Page, Request } from 'playwright-core';
import { expect } from 'vitest';
import { expectLogs, logsFor, pagesUrl, type StoredLog, uniqueEmail } from '../helpers';

export interface Opened {
  page: Page;
  /** Every request the page made, across its navigations, in order. */
  requests: Request[];
  errors: string[];
}

/** A lead as the visitor types it, and its identity as the stand-in must store it (the phone in E.164). */
export const ADA = { name: 'Ada Lovelace', phone: '+1 415 555 0134' };
export const ADA_STORED = { name: ADA.name, phoneNumber: '+14155550134' };

/** Opens /stack/<name> once the snippet and the app are running. */
export async function open(newPage: () => Promise<Page>, name: string, query = ''): Promise<Opened> {
  const page = await newPage();
  const opened: Opened = { page, requests: [], errors: [] };
  page.on('request', (r) => opened.requests.push(r));
  // Submit events the page saw (in the light DOM): proof that each attempt a scenario makes was really submitted.
  await page.addInitScript(() => {
    const w = window as { submits?: number; flowsLoaded?: boolean };
    w.submits = 0;
    document.addEventListener('submit', () => w.submits!++, true);
    // A script's load event fires once it has run; it does not bubble, but the capture phase on document sees it.
    document.addEventListener(
      'load',
      (e) => {
        if ((e.target as HTMLScriptElement).src?.includes('/flows.js?')) w.flowsLoaded = true;
      },
      true,
    );
  });
  page.on('pageerror', (e) => opened.errors.push(String(e)));
  await page.goto(`${pagesUrl}/stack/${name}${query}`);
  await page.waitForFunction(() => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function');
  return opened;
}

/** Focuses the page's first field, as a visitor does before typing, then waits until the snippet's click handler for
 * wizards and formless flows (/flows.js) has run: the snippet asks for it once the page is idle (a form with a plain
 * button) or at that focus (a field outside any form), while a visitor still types; a test clicks within milliseconds. */
export async function flowsLoaded(o: Opened): Promise<void> {
  await o.page.focus('input');
  await o.page.waitForFunction(() => (window as { flowsLoaded?: boolean }).flowsLoaded === true);
}

export const rows: { scenario: string; expected: number; stored: number; identity: string }[] = [];

/** Waits for this e-mail's logs (past the worker's settle window), records the table row, and asserts one log
 * carrying `want` (the final values) as its identity. */
export async function expectOneLead(o: Opened | null, scenario: string, email: string, want: { name?: string; phoneNumber?: string }): Promise<StoredLog> {
  const logs = await expectLogs(email, 1);
  const got = logs[0]?.request;
  const right = got !== undefined && got.email === email && Object.entries(want).every(([k, v]) => got[k as 'name'] === v);
  rows.push({ scenario, expected: 1, stored: logs.length, identity: right ? 'yes' : 'no' });
  expect(logs, o ? await captures(o) : undefined).toHaveLength(1);
  expect(got).toMatchObject({ email, ...want });
  return logs[0]!;
}

/** The positive signal before "nothing was sent": on the same page (so its requests are recorded too, and the
 * app's page is left as a visitor leaves it), a control lead is submitted and lands at the stand-in. */
export async function controlLead(o: Opened, email: string): Promise<void> {
  await o.page.goto(`${pagesUrl}/plain?email=${encodeURIComponent(email)}`);
  await o.page.waitForFunction(() => typeof (window as { prospectBeacon?: unknown }).prospectBeacon === 'function');
  await Promise.all([o.page.waitForURL(/\/thanks/), o.page.click('button[type=submit]')]);
  expect(await expectLogs(email, 1)).toHaveLength(1);
}

/** For a failure's message: the captures the page posted and what the worker answered each. */
async function captures(o: Opened): Promise<string> {
  const posted = o.requests.filter((r) => r.url().includes('/v1/submissions'));
  const answers = posted.map((r) => r.response().then((res) => String(res?.status() ?? r.failure()?.errorText ?? 'no answer')));
  const timeout = new Promise<string[]>((r) => setTimeout(() => r(['(still waiting)']), 1_000));
  return `the page posted ${posted.length} capture(s), answered: ${(await Promise.race([Promise.all(answers), timeout])).join(', ') || '—'}`;
}

/** After a control lead landed (the positive signal), none of `values` may be in any request the page made,
 * nor in a log of this e-mail. */
export async function expectNothingSent(o: Opened, scenario: string, email: string, values: string[]): Promise<void> {
  await controlLead(o, uniqueEmail('control'));
  const found = await leaked(o, values);
  const stored = (await logsFor(email)).length;
  rows.push({ scenario, expected: 0, stored, identity: '—' });
  expect(found).toEqual([]);
  expect(stored).toBe(0);
}

/** Waits until the page has seen `n` submit events (each attempt of a scenario really went). */
export async function submitted(o: Opened, n: number): Promise<void> {
  await o.page.waitForFunction((n) => (window as { submits?: number }).submits === n, n);
}

/** Which of `values` appear in any request the page made: URL, headers or body. */
export async function leaked(o: Opened, values: string[]): Promise<string[]> {
  const texts = await Promise.all(
    o.requests.map(async (r) => `${r.url()} ${JSON.stringify(await r.allHeaders().catch(() => r.headers()))} ${r.postDataBuffer()?.toString('utf8') ?? ''}`),
  );
  const raw = texts.join('\n');
  let decoded = '';
  try {
    // URL-encoded bodies and query strings: "Grace+Hopper", "%40".
    decoded = decodeURIComponent(raw.replace(/\+/g, ' ').replace(/%(?![0-9a-f]{2})/gi, '%25'));
  } catch {
    // a byte sequence that is no UTF-8: the raw text is searched alone
  }
  return values.filter((v) => raw.includes(v) || decoded.includes(v));
}

export function printTable(): void {
  console.log(
    [
      '',
      'Front-end stacks in Chromium: logs the stand-in stored per lead',
      '| scenario | logs expected | logs stored | identity right |',
      '|---|---|---|---|',
      ...rows.map((r) => `| ${r.scenario} | ${r.expected} | ${r.stored} | ${r.identity} |`),
      '',
    ].join('\n'),
  );
}

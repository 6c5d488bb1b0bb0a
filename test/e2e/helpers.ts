// Helpers for the browser tests: what the stand-in stored, waited for with one polling helper (expect.poll), and
// expectCaptures, which runs an action and states what must be stored, what must not, and how many.
import type { Page, Request } from 'playwright-core';
import { expect, inject } from 'vitest';

export const { stubUrl, workerUrl, pagesUrl } = inject('e2e');

export interface StoredLog {
  prospectLogId: string;
  idempotencyKey?: string;
  request: {
    email?: string;
    phoneNumber?: string;
    name?: string;
    source: string;
    payload: Record<string, unknown> & { fields: Record<string, unknown>; attribution: Record<string, unknown> };
  };
}

export async function storedLogs(): Promise<StoredLog[]> {
  return ((await (await fetch(`${stubUrl}/_stub/logs`)).json()) as { logs: StoredLog[] }).logs;
}

export const logsFor = async (email: string) => (await storedLogs()).filter((l) => l.request.email === email);

/** How a test waits: polled, never a fixed sleep. 20 s covers a queue retry with the e2e delays (tools/stack.ts). */
export const POLL = { timeout: 20_000, interval: 200 };

/** Waits until at least `count` logs for this e-mail are stored (the positive signal), then returns them all, so
 *  the caller asserts the exact number. Nothing to wait for with count 0: wait for your own positive signal first. */
export async function expectLogs(email: string, count: number, { timeout = POLL.timeout } = {}): Promise<StoredLog[]> {
  if (count > 0) await expect.poll(async () => (await logsFor(email)).length, { ...POLL, timeout }).toBeGreaterThanOrEqual(count);
  return logsFor(email);
}

type Shape<T> = { [K in keyof T]?: unknown };
export interface CaptureExpectations {
  /** What the visitor does: a click, a navigation, a call; awaited. */
  action: () => Promise<unknown>;
  /** Stored requests that must be among those this action produced (matched like toMatchObject). */
  expected?: Shape<StoredLog['request']>[];
  /** Stored requests none of them may match. */
  refuted?: Shape<StoredLog['request']>[];
  /** Exactly how many captures the page sends and the stand-in stores (default: expected.length). */
  count?: number;
  /** With count 0: the positive signal that the snippet has had its chance (e.g. it fired prospectbeacon:captured). */
  settled?: () => Promise<unknown>;
}

/** Plausible's expectPlausibleInAction (tracker/test/support/test-utils.js), for a pipeline that ends in the
 *  stand-in: runs `action` while recording the captures the page sends to the worker, waits until as many are stored
 *  as it expects, then checks the exact count on the wire and in storage, the expected and the refuted ones. Only this
 *  action's captures are looked at (by their idempotency key), so scenarios running side by side do not mix. Playwright
 *  reports no request a page makes at pagehide: for a capture that leaves then, assert on what was stored (expectLogs). */
export async function expectCaptures(page: Page, { action, expected = [], refuted = [], count = expected.length, settled }: CaptureExpectations) {
  if (count === 0 && !settled) throw new Error('expectCaptures: with count 0, pass `settled`: a positive signal before asserting that nothing was sent');
  const ids = new Set<string>();
  const onRequest = (req: Request) => {
    if (!req.url().startsWith(`${workerUrl}/v1/submissions`) || req.method() !== 'POST') return;
    try {
      const id = (JSON.parse(req.postData() ?? '{}') as { id?: string }).id;
      if (id) ids.add(id);
    } catch {
      ids.add(`unreadable-${ids.size}`); // counted all the same: a body the worker cannot read is still a capture sent
    }
  };
  page.on('request', onRequest);
  try {
    await action();
    if (settled) await settled();
    const mine = async () => {
      const keys = new Set([...ids].map((id) => `pb_${id}`));
      return (await storedLogs()).filter((l) => keys.has(l.idempotencyKey ?? ''));
    };
    // Positive signal first: as many captures sent and stored as expected.
    await expect.poll(() => ids.size, POLL).toBeGreaterThanOrEqual(count);
    await expect.poll(async () => (await mine()).length, POLL).toBeGreaterThanOrEqual(count);
    const logs = await mine();
    const requests = logs.map((l) => l.request);
    for (const want of expected) expect(requests).toContainEqual(expect.objectContaining(want));
    for (const never of refuted) expect(requests).not.toContainEqual(expect.objectContaining(never));
    expect(ids.size, 'captures the page sent').toBe(count);
    expect(logs, 'logs the stand-in stored').toHaveLength(count);
    return logs;
  } finally {
    page.off('request', onRequest);
  }
}

let n = 0;
/** A fresh e-mail per scenario, so scenarios never see each other's logs. */
export const uniqueEmail = (tag: string) => `${tag}.${Date.now().toString(36)}${n++}@example.com`;

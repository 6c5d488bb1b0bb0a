// Helpers for the browser tests: what the stand-in stored, waited for properly.
import { inject } from 'vitest';

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

/** Waits until `count` logs for this e-mail are stored, then a little longer to see that no more arrive. */
export async function expectLogs(email: string, count: number, { timeout = 20_000, quiet = 1_500 } = {}): Promise<StoredLog[]> {
  const until = Date.now() + timeout;
  while ((await logsFor(email)).length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, quiet));
  return logsFor(email);
}

let n = 0;
/** A fresh e-mail per scenario, so scenarios never see each other's logs. */
export const uniqueEmail = (tag: string) => `${tag}.${Date.now().toString(36)}${n++}@example.com`;

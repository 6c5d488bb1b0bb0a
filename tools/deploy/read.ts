// What `npm run deploy` reads: the names in wrangler.toml, and wrangler's answers (JSON where it has a --json,
// its tables and deploy lines where it has not), as wrangler 4.164 prints them.
import { stripVTControlCharacters } from 'node:util';

/** The parts of wrangler.toml the deploy acts on (read through wrangler's own config reader). */
export interface DeployConfig {
  name: string;
  accountId?: string;
  queues: string[];
  databases: { binding: string; name?: string; id?: string }[];
  routePrefix: string;
  allowedOrigins: string;
}

interface RawConfig {
  name?: string;
  account_id?: string;
  queues?: { producers?: { queue: string }[]; consumers?: { queue: string; dead_letter_queue?: string }[] };
  d1_databases?: { binding: string; database_name?: string; database_id?: string; migrations_dir?: string }[];
  vars?: Record<string, unknown>;
}

/** Every queue the worker produces to, consumes from or dead-letters into, each once. */
export function deployConfig(raw: RawConfig): DeployConfig {
  const names = [
    ...(raw.queues?.producers ?? []).map((p) => p.queue),
    ...(raw.queues?.consumers ?? []).flatMap((c) => [c.queue, c.dead_letter_queue ?? '']),
  ].filter(Boolean);
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    name: raw.name ?? '',
    accountId: raw.account_id,
    queues: [...new Set(names)],
    databases: (raw.d1_databases ?? [])
      .filter((d) => d.migrations_dir !== undefined)
      .map((d) => ({ binding: d.binding, name: d.database_name, id: d.database_id })),
    routePrefix: str(raw.vars?.ROUTE_PREFIX).replace(/\/+$/, ''),
    allowedOrigins: str(raw.vars?.ALLOWED_ORIGINS),
  };
}

export type Login = { loggedIn: false } | { loggedIn: true; email?: string; accounts: { id: string; name: string }[] } | { unreadable: string };

/** `wrangler whoami --json`: exits 1 with {"loggedIn":false} when logged out (plain `whoami` exits 0 either way). */
export function parseWhoami(out: string): Login {
  const start = out.indexOf('{');
  try {
    const v = JSON.parse(out.slice(start, out.lastIndexOf('}') + 1)) as { loggedIn?: boolean; email?: string; accounts?: { id: string; name: string }[] };
    if (start >= 0 && typeof v.loggedIn === 'boolean') return v.loggedIn ? { loggedIn: true, email: v.email, accounts: v.accounts ?? [] } : { loggedIn: false };
  } catch {
    // falls through: not the JSON this wrangler version should print
  }
  return { unreadable: out.trim().slice(-400) };
}

/** The `name` column of `wrangler queues list` (a box-drawn table; it has no --json). */
export function parseQueueTable(out: string): string[] {
  let col = -1;
  const names: string[] = [];
  for (const line of stripVTControlCharacters(out).split('\n')) {
    if (!line.trimStart().startsWith('│')) continue;
    const cells = line.split('│').map((c) => c.trim());
    if (col < 0) col = cells.indexOf('name');
    else if (cells[col]) names.push(cells[col] ?? '');
  }
  return names;
}

/** `wrangler secret list` (JSON by default). `null` when the worker does not exist yet (first deploy). */
export function parseSecretList(code: number, out: string): string[] | null | 'unreadable' {
  if (code !== 0) return /Worker "[^"]*".* not found/.test(out) ? null : 'unreadable';
  const start = out.indexOf('[');
  try {
    return (JSON.parse(out.slice(start, out.lastIndexOf(']') + 1)) as { name: string }[]).map((s) => s.name);
  } catch {
    return 'unreadable';
  }
}

/** `wrangler d1 list --json`: the database names of the account. */
export function parseD1List(out: string): string[] | 'unreadable' {
  try {
    return (JSON.parse(out.slice(out.indexOf('['), out.lastIndexOf(']') + 1)) as { name: string }[]).map((d) => d.name);
  } catch {
    return 'unreadable';
  }
}

/**
 * Where the deployed worker answers, from the target lines `wrangler deploy` prints under "Deployed <name> triggers":
 * a route or custom domain (the site's own host, so first-party) before the workers.dev URL. Routes serve under
 * ROUTE_PREFIX, so the base is the host plus that prefix.
 * @example deployedBase('Deployed pb triggers (1.0 sec)\n  https://pb.acme.workers.dev\n', '') // 'https://pb.acme.workers.dev'
 */
export function deployedBase(out: string, routePrefix: string): string | undefined {
  const lines = stripVTControlCharacters(out).split('\n');
  const at = lines.findIndex((l) => /^Deployed \S+ triggers/.test(l.trim()));
  if (at < 0) return undefined;
  let url: string | undefined;
  for (const line of lines.slice(at + 1)) {
    if (!/^\s/.test(line) || !line.trim()) break;
    const target = line.trim().split(/\s+/)[0] ?? '';
    if (/^https?:\/\//.test(target)) url ??= target.replace(/\/+$/, '');
    else if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(target)) return `https://${target.split('/')[0] ?? ''}${routePrefix}`;
  }
  return url && `${url}${routePrefix}`;
}

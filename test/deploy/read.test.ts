// How `npm run deploy` reads wrangler's answers: the deployed URL, the queue table, the secret list.
import { describe, expect, it } from 'vitest';
import { deployedBase, parseQueueTable, parseSecretList, parseWhoami } from '../../tools/deploy/read.ts';

const deployed = (...targets: string[]) =>
  ['Uploaded prospect-beacon (3.10 sec)', 'Deployed prospect-beacon triggers (1.20 sec)', ...targets.map((t) => `  ${t}`), 'Current Version ID: 1'].join('\n');

describe('the deployed URL', () => {
  it.each([
    ['a workers.dev URL', deployed('https://prospect-beacon.acme.workers.dev', 'schedule: 17 3 * * *'), '', 'https://prospect-beacon.acme.workers.dev'],
    ['a workers.dev URL under ROUTE_PREFIX', deployed('https://prospect-beacon.acme.workers.dev'), '/_pb', 'https://prospect-beacon.acme.workers.dev/_pb'],
    [
      "the site's own route before workers.dev",
      deployed('https://prospect-beacon.acme.workers.dev', 'www.example.com/_pb/* (zone name: example.com)'),
      '/_pb',
      'https://www.example.com/_pb',
    ],
    ['a custom domain', deployed('beacon.example.com (custom domain)', 'Producer for prospect-beacon-captures'), '', 'https://beacon.example.com'],
    [
      'a wildcard route skipped for workers.dev',
      deployed('*.example.com/_pb/* (zone name: example.com)', 'https://pb.acme.workers.dev'),
      '/_pb',
      'https://pb.acme.workers.dev/_pb',
    ],
    ['no target at all', 'Uploaded prospect-beacon (3.10 sec)\nNo targets deployed for prospect-beacon (0.1 sec)', '', undefined],
  ])('reads %s', (_t, out, prefix, want) => {
    expect(deployedBase(out, prefix)).toBe(want);
  });
});

it('reads queue names from the colored, box-drawn table of `wrangler queues list`', () => {
  const table = [
    '\u001b[90m┌──────┬──────────────────────────┬───────────┐\u001b[39m',
    '│ \u001b[34mid\u001b[39m   │ \u001b[34mname\u001b[39m                     │ producers │',
    '├──────┼──────────────────────────┼───────────┤',
    '│ q1   │ prospect-beacon-captures │ 1         │',
    '│ q2   │ mailer                   │ 0         │',
    '└──────┴──────────────────────────┴───────────┘',
  ].join('\n');
  expect(parseQueueTable(table)).toEqual(['prospect-beacon-captures', 'mailer']);
  expect(parseQueueTable('')).toEqual([]);
});

it('tells a worker not deployed yet from a failing secret list', () => {
  expect(parseSecretList(0, '[\n  { "name": "ADMIN_TOKEN", "type": "secret_text" }\n]')).toEqual(['ADMIN_TOKEN']);
  expect(parseSecretList(1, '✘ [ERROR] Worker "prospect-beacon" not found.\n\nIf this is a new Worker, run `wrangler deploy` first')).toBeNull();
  expect(parseSecretList(1, '✘ [ERROR] A request to the Cloudflare API failed. Authentication error [code: 10000]')).toBe('unreadable');
});

it('reads the login from `wrangler whoami --json`, and says when it cannot', () => {
  expect(parseWhoami('{"loggedIn":false}')).toEqual({ loggedIn: false });
  expect(parseWhoami('{"loggedIn":true,"email":"a@b.c","accounts":[{"id":"1","name":"A"}]}')).toEqual({
    loggedIn: true,
    email: 'a@b.c',
    accounts: [{ id: '1', name: 'A' }],
  });
  expect(parseWhoami('✘ [ERROR] Unknown argument: json')).toEqual({ unreadable: '✘ [ERROR] Unknown argument: json' });
});

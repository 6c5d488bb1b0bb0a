// The bench cannot rot: its quick mode runs every part (size, load cost beside Plausible, submit cost, worker
// throughput, CPU, D1, end to end) with tiny counts and writes its table. Ran, and wrote every row: no timing is asserted.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { ROWS } from '../../bench/rows.ts';

const dir = await mkdtemp(`${tmpdir()}/pb-bench-test-`);
afterAll(() => rm(dir, { recursive: true, force: true }));

it('runs every part of the bench in quick mode and writes a table with each row filled', { timeout: 180_000 }, async () => {
  const out = `${dir}/quick.md`;
  // The run's own Node (22, from the node devDependency): it starts wrangler dev and Chromium as `npm run bench` does.
  await promisify(execFile)(process.execPath, ['bench/run.ts', '--quick', '--out', out], { maxBuffer: 16 << 20 });
  const table = await readFile(out, 'utf8');
  const rows = new Map(table.split('\n').map((line) => [line.split(' | ')[0]!.replace(/^\| /, ''), line]));
  for (const label of Object.values(ROWS)) {
    const row = rows.get(label);
    expect(row, label).toBeDefined();
    // Each row carries at least one figure, and none failed to compute.
    expect(row, label).toMatch(/\d/);
    expect(row, label).not.toMatch(/\bn\/a\b|NaN|undefined/);
  }
  expect(table).toContain('Quick run');
});

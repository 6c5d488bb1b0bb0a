// Worker code in Node for the in-process benches: a small entry is bundled from the repository with esbuild and
// imported. Once imported the module lives in memory, so its temporary file is removed at once.
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

export async function importBundled<T>(entry: string): Promise<T> {
  const out = await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' }, bundle: true, platform: 'node', format: 'esm', write: false });
  const dir = await mkdtemp(`${tmpdir()}/pb-bench-`);
  try {
    const file = `${dir}/entry.mjs`;
    await writeFile(file, out.outputFiles[0]!.text);
    return (await import(pathToFileURL(file).href)) as T;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

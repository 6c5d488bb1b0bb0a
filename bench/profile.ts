// Where the snippet's time goes, by function: a sampled CPU profile (Chrome DevTools Protocol Profiler) of its work at
// load (evaluation and idle callback) and of the first submit, on the 30-field page, first visits. Built unminified
// from snippet/ so the functions keep their names. Run alone, after a change to the snippet: node bench/profile.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { launch } from '../tools/browser.ts';
import { thirtyFieldForm } from './browser.ts';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Adds a profile's samples to `into`, each under the innermost frame in the snippet's file (with the built-in it was
 * in, such as `-> sendBeacon`, when the sample was outside the snippet's own code). Milliseconds of samples. */
function attribute(into: Map<string, number>, p: Profile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  p.samples.forEach((id, i) => {
    const leaf = byId.get(id)!;
    let n: ProfileNode | undefined = leaf;
    while (n && !n.callFrame.url.endsWith('/s.js')) n = byId.get(parent.get(n.id)!);
    if (!n) return;
    const callee = n === leaf ? '' : ` -> ${leaf.callFrame.functionName || leaf.callFrame.url || '(native)'}`;
    const key = `${n.callFrame.functionName || '(top level)'} (line ${n.callFrame.lineNumber + 1})${callee}`;
    into.set(key, (into.get(key) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  });
}

export async function profile(loads = 15): Promise<{ load: Map<string, number>; focus: Map<string, number>; submit: Map<string, number> }> {
  const bundle = await build({
    entryPoints: ['snippet/index.ts'],
    bundle: true,
    format: 'iife',
    target: 'es2017',
    define: { __DEBUG__: 'false', __ANALYTICS__: 'true' },
    write: false,
  });
  const code = bundle.outputFiles[0]!.text;
  const server = createServer((req, res) => {
    req.resume();
    if (req.url === '/s.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
    if (req.method === 'POST') return res.writeHead(202, { 'access-control-allow-origin': '*' }).end();
    const page = thirtyFieldForm(false, '').replace('<form', `<script src="/s.js" data-endpoint="${origin}/v1/submissions"></script><form`);
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // Captures go to 127.0.0.1, the page is on localhost: cross-origin, as on a real site.
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launch();
  const out = { load: new Map<string, number>(), focus: new Map<string, number>(), submit: new Map<string, number>() };
  try {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 25 }); // µs: finer than the default 1 ms
      await cdp.send('Profiler.start');
      await page.goto(`http://localhost:${(server.address() as AddressInfo).port}/`);
      await page.evaluate(() => new Promise((r) => requestIdleCallback(() => requestIdleCallback(r))));
      attribute(out.load, (await cdp.send('Profiler.stop')).profile as Profile);
      // As in the bench: the visitor focuses a field first, and that work is its own phase.
      await cdp.send('Profiler.start');
      await page.focus('[name=field_5]');
      await page.evaluate(() => new Promise((r) => setTimeout(() => requestIdleCallback(r), 50)));
      attribute(out.focus, (await cdp.send('Profiler.stop')).profile as Profile);
      await cdp.send('Profiler.start');
      await page.evaluate(() => {
        (document.getElementById('lead') as HTMLFormElement).requestSubmit();
        return new Promise((r) => setTimeout(() => requestIdleCallback(r), 50)); // the send runs on a later task
      });
      attribute(out.submit, (await cdp.send('Profiler.stop')).profile as Profile);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  for (const m of Object.values(out)) for (const [k, v] of m) m.set(k, v / loads);
  return out;
}

if (process.argv[1]?.endsWith('profile.ts')) {
  const result = await profile();
  for (const [phase, m] of Object.entries(result)) {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    console.log(`\n${phase}: ${total.toFixed(2)} ms per first visit in the snippet's frames (sampled wall time; read shares, not absolutes)`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${v.toFixed(2).padStart(7)} ms  ${k}`);
  }
}

// WebKitGTK behind the engine-neutral Tab (tools/engines/engine.ts): Debian's WebKitWebDriver starts the GTK
// MiniBrowser on an Xvfb display (it has no headless mode, and without a display session creation hangs),
// driven by webdriverio over WebDriver classic. A WebDriver session per tab (its storage dies with it); offline
// is emulated by a proxy every session goes through (tools/engines/offline-proxy.ts), as classic has no network control.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { remote } from 'webdriverio';
import { freePort } from '../free-port.ts';
import type { Engine, Tab } from './engine.ts';
import { startOfflineProxy } from './offline-proxy.ts';

/** Xvfb on the first free display: -displayfd makes it pick one and write its number to fd 3. */
async function startXvfb(xvfb: string): Promise<{ display: string; proc: ChildProcess }> {
  const proc = spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (d) => {
    err += d;
  });
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdio[3]?.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    proc.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it had a display: ${err.slice(-500)}`)));
  });
  return { display, proc };
}

/** Resolves once the driver answers /status; fails if it exits or takes more than 15 s. */
async function driverReady(url: string, proc: ChildProcess): Promise<void> {
  for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    if (proc.exitCode !== null) throw new Error(`WebKitWebDriver exited (${proc.exitCode})`);
    const up = await fetch(`${url}/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
  }
  throw new Error('WebKitWebDriver did not answer /status within 15 s');
}

export async function startWebKit(paths: { driver: string; browser: string; xvfb: string }): Promise<Engine> {
  const xvfb = await startXvfb(paths.xvfb);
  const port = await freePort();
  const driver = spawn(paths.driver, [`--port=${port}`], { env: { ...process.env, DISPLAY: xvfb.display }, stdio: 'ignore' });
  const stop = () => {
    driver.kill();
    xvfb.proc.kill();
  };
  process.once('exit', stop);
  await driverReady(`http://127.0.0.1:${port}`, driver).catch((e) => {
    stop();
    throw e;
  });
  const proxy = await startOfflineProxy();
  const session = () =>
    remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'warn',
      // Short, and asked twice: a session that cannot start (no display, a broken browser) hangs rather than fails,
      // and on a loaded 2-core machine MiniBrowser has once hung at start where a second try starts in seconds. Two
      // tries of 25 s stay inside the 60 s a test has.
      connectionRetryTimeout: 25_000,
      connectionRetryCount: 1,
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        proxy: { proxyType: 'manual', httpProxy: proxy.address },
        'webkitgtk:browserOptions': { binary: paths.browser, args: ['--automation'] },
      } as WebdriverIO.Capabilities,
    });
  const first = await session();
  const version = `${first.capabilities.browserName} ${first.capabilities.browserVersion} (WebKitGTK)`;
  await first.deleteSession();

  return {
    name: 'webkit',
    version,
    async newTab(): Promise<Tab> {
      const b = await session();
      /** `host >>> inner`: each step after the first is looked up in the previous element's shadow root. */
      const find = (selector: string) => {
        const [first, ...inner] = selector.split('>>>').map((s) => s.trim());
        return inner.reduce((el, s) => el.shadow$(s), b.$(first!));
      };
      return {
        goto: (url) => b.url(url).then(() => undefined),
        url: () => b.getUrl(),
        click: (selector) => find(selector).click(),
        fill: (selector, value) => find(selector).setValue(value),
        evaluate: (fn, arg) => b.execute(fn as (...a: unknown[]) => never, arg),
        async setOffline(offline) {
          proxy.offline = offline;
        },
        async close() {
          proxy.offline = false;
          await b.deleteSession();
        },
      };
    },
    async close() {
      await proxy.close();
      process.off('exit', stop);
      // Waited for, so no Xvfb or driver outlives the test file (nor lingers as a zombie).
      const exits = [driver, xvfb.proc].filter((p) => p.exitCode === null).map((p) => once(p, 'exit'));
      stop();
      await Promise.all(exits);
    },
  };
}

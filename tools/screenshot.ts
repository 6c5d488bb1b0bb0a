// `npm run screenshot`: regenerates docs/console.png. Starts the local stack; when the worker answers
// /admin/api/forms it drives the demo page (3 views, 2 starts, 1 submission) and shoots the real console,
// else (or with --mock) it shoots the console over canned API answers (tools/console-fixture.ts) and says so.
// locale en-US: this machine's Chromium reports navigator.language "en-US@posix", which uPlot's Intl.NumberFormat rejects.
// SCREENSHOT_WIDTH (default 1280) and SCREENSHOT_OUT (default docs/console.png) change the shot.
import { launch } from './browser.ts';
import { mockAdminApi } from './console-fixture.ts';
import { demoRun, driveForm, signIn } from './console-demo.ts';
import { startStack } from './stack.ts';

const TOKEN = 'screenshot-admin-token-0123456789abcdef'; // admin is off under 32 characters
const width = Number(process.env.SCREENSHOT_WIDTH ?? 1280);
const out = process.env.SCREENSHOT_OUT ?? 'docs/console.png';

const stack = await startStack({
  apiKey: 'screenshot-architect-key',
  origin: '*',
  vars: { ADMIN_TOKEN: TOKEN, DEMO_PAGE: 'true', MIN_FILL_MS: '0', RATE_LIMITS: 'off' },
});
const browser = await launch();
try {
  const probe = await fetch(`${stack.worker}/admin/api/forms?from=2026-01-01&to=2026-01-01`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const real = probe.ok && !process.argv.includes('--mock');
  if (real) {
    await driveForm(browser, demoRun(stack.worker, 'console.demo@example.com'));
    // Counts reach D1 through a queue (batches wait up to 5 s) and the log settles after SETTLE_SECONDS: shoot once
    // the run's views and its delivered log are in, not before (60 s at most, then it says so).
    const today = new Date().toISOString().slice(0, 10);
    const counted = async () => {
      const res = await fetch(`${stack.worker}/admin/api/forms?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const { rows } = (await res.json()) as { rows: { views: number; delivered: number }[] };
      return rows.some((r) => r.views >= 3 && r.delivered >= 1);
    };
    const until = Date.now() + 60_000;
    while (!(await counted())) {
      if (Date.now() > until) throw new Error('the demo run was not counted within 60 s');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const page = await (await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' })).newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`console error: ${m.text()}`));
  if (!real) await mockAdminApi(page, { token: TOKEN });
  await signIn(page, stack.worker, TOKEN, real ? '?range=today' : '');
  await page.waitForSelector('#chart canvas');
  await page.waitForFunction(() => !document.getElementById('status')?.textContent?.startsWith('Loading'));
  await page.screenshot({ path: out, fullPage: true });
  console.log(`${out}: ${width} px wide, from ${real ? 'a real run of the demo page' : 'canned API answers (the worker has no /admin/api yet)'}`);
} finally {
  await browser.close();
  await stack.stop();
}

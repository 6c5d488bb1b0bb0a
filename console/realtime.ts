// The realtime panel: page views and starts of the last 30 minutes, each with its change from the 30 minutes before,
// refreshed every 30 s while the tab is visible.
// A hidden tab keeps no timer; on its return the figures are fetched at once.
import type { RealtimeAnswer } from './api';
import { delta } from './compare';
import { count, h } from './dom';

/** 30 s: the refresh the dashboard promises; the route's own minutes are the finest grain anyway. */
export const REFRESH_MS = 30_000;

let timer: ReturnType<typeof setTimeout> | undefined;
let load: () => Promise<void> = async () => {};

function schedule(): void {
  clearTimeout(timer);
  timer = document.visibilityState === 'visible' ? setTimeout(tick, REFRESH_MS) : undefined;
}
async function tick(): Promise<void> {
  clearTimeout(timer);
  await load().catch(() => {});
  schedule();
}

/** Starts the refresh loop with `reload` (which draws the panel); called once. */
export function startRealtime(reload: () => Promise<void>): void {
  load = reload;
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void tick();
    else {
      clearTimeout(timer);
      timer = undefined;
    }
  });
  schedule();
}

/** Re-arms the 30 s timer after a load made elsewhere (filters changed), so refreshes do not double up. */
export const rearmRealtime = schedule;

/** One figure with its change from the minutes before (none from a worker that does not send them). */
const card = (label: string, id: string, n: number, before: number | undefined) =>
  h('div', { class: 'card' }, h('dt', {}, label), h('dd', {}, h('span', { id }, count(n)), before === undefined ? null : delta(n, before)));

/** The panel's content: two figures and a bar per minute (bars drawn with CSSOM heights: the CSP forbids style=""). */
export function realtimeView(x: RealtimeAnswer, now = new Date()): HTMLElement {
  const max = Math.max(1, ...x.points.map((p) => p.pageviews));
  const bars = h(
    'div',
    { class: 'spark', 'aria-hidden': 'true' },
    ...x.points.map((p) => {
      const bar = h('span', { title: `${p.t.slice(11, 16)} UTC: ${p.pageviews} page views, ${p.starts} starts` });
      bar.style.height = `${Math.round((p.pageviews / max) * 100)}%`;
      return bar;
    }),
  );
  return h(
    'div',
    {},
    h(
      'dl',
      { class: 'cards' },
      card(`Page views, last ${x.minutes} min`, 'rt-pageviews', x.pageviews, x.previous?.pageviews),
      card(`Starts, last ${x.minutes} min`, 'rt-starts', x.starts, x.previous?.starts),
    ),
    bars,
    h(
      'p',
      { class: 'hint' },
      `Updated ${now.toISOString().slice(11, 19)} UTC; refreshed every 30 s while this tab is visible. Changes are against the ${x.minutes} minutes before.`,
    ),
  );
}

// The time chart: page views, form views, starts, abandons, submissions and delivered logs per hour or day bucket,
// drawn with uPlot on a canvas, with a tooltip naming every value of the bucket under the cursor.
import uPlot from 'uplot';
import type { SeriesPoint } from './api';
import { count, h } from './dom';

let plot: uPlot | null = null;
/** At most ~10 day ticks, so 30 days fit on a phone's axis. */
const thin = (xs: number[]) => xs.filter((_, i) => i % Math.ceil(xs.length / 10) === 0);
let observer: ResizeObserver | null = null;

// Colours with ≥ 3:1 contrast on white (WCAG 1.4.11, graphical objects), told apart by dash as well as hue.
export const SERIES = [
  { key: 'pageviews', label: 'Page views', stroke: '#5b2a86', dash: [12, 3] },
  { key: 'views', label: 'Form views', stroke: '#1f5fbf' },
  { key: 'starts', label: 'Starts', stroke: '#0b6e75', dash: [8, 3, 2, 3] },
  { key: 'abandons', label: 'Abandons', stroke: '#8a5300', dash: [1, 3] },
  { key: 'submissions', label: 'Submissions', stroke: '#b3261e', dash: [6, 4] },
  { key: 'delivered', label: 'Logs delivered', stroke: '#1b7a3a', dash: [2, 3] },
] as const;

/** A tooltip beside the cursor: the bucket and each series' value. uPlot's legend shows the same values live; the
 * tooltip keeps them next to the point on a wide chart. Positioned through CSSOM (the CSP allows no style=""). The
 * chart takes focus: the arrow keys step the cursor through the buckets, and the tooltip, a live region, reads out. */
function tooltip(bucket: 'hour' | 'day'): uPlot.Plugin {
  const tip = h('div', { class: 'u-tip', role: 'status' });
  return {
    hooks: {
      init: (u) => {
        tip.hidden = true;
        u.over.append(tip);
        u.over.addEventListener('mouseleave', () => (tip.hidden = true));
        const root = u.root;
        root.tabIndex = 0;
        root.setAttribute('aria-label', 'Time chart: the left and right arrow keys step through the buckets');
        root.addEventListener('keydown', (e) => {
          const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
          if (!step) return;
          e.preventDefault();
          const xs = u.data[0] as number[];
          const at = u.cursor.idx ?? (step > 0 ? -1 : xs.length);
          const i = Math.min(xs.length - 1, Math.max(0, at + step));
          u.setCursor({ left: u.valToPos(xs[i]!, 'x'), top: u.over.clientHeight / 2 });
        });
        root.addEventListener('blur', () => (tip.hidden = true));
      },
      setCursor: (u) => {
        const i = u.cursor.idx;
        if (i === null || i === undefined || u.cursor.left === undefined || u.cursor.left < 0) {
          tip.hidden = true;
          return;
        }
        const t = new Date((u.data[0][i] as number) * 1000).toISOString();
        tip.replaceChildren(
          h('strong', {}, bucket === 'hour' ? `${t.slice(0, 10)} ${t.slice(11, 16)} UTC` : `${t.slice(0, 10)} (UTC)`),
          ...SERIES.map((s, k) => h('div', {}, `${s.label}: ${count((u.data[k + 1]![i] as number) ?? 0)}`)),
        );
        tip.hidden = false;
        // Left of the cursor past the middle, so the box stays inside the chart.
        const left = u.cursor.left + (u.cursor.left > u.over.clientWidth / 2 ? -tip.offsetWidth - 12 : 12);
        tip.style.left = `${Math.max(0, left)}px`;
        tip.style.top = `${Math.max(0, (u.cursor.top ?? 0) - tip.offsetHeight / 2)}px`;
      },
    },
  };
}

/** Draws (or redraws) the chart into `box`; `summary` gets the totals as text, for screen readers and a glance. */
export function drawChart(box: HTMLElement, summary: HTMLElement, points: SeriesPoint[], bucket: 'hour' | 'day'): void {
  plot?.destroy();
  observer?.disconnect();
  plot = null;
  box.hidden = points.length === 0; // an empty grid says less than the summary line below it
  if (!points.length) {
    summary.textContent = 'No buckets in this range.';
    return;
  }
  // ?? 0: a worker older than the page-view counts answers points without pageviews and abandons.
  const data: uPlot.AlignedData = [points.map((p) => Date.parse(p.t) / 1000), ...SERIES.map((s) => points.map((p) => p[s.key] ?? 0))];
  const width = () => Math.max(280, box.clientWidth);
  plot = new uPlot(
    {
      width: width(),
      height: 260,
      // The API's buckets are UTC hours and days; so are the axis labels.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      // Day buckets: one tick per day, labelled MM-DD (uPlot's default ticks would fall on hours between days).
      axes: [
        bucket === 'day'
          ? { splits: (u) => thin(u.data[0] as number[]), values: (_u, ticks) => ticks.map((t) => new Date(t * 1000).toISOString().slice(5, 10)) }
          : {},
        { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? count(t) : '')) },
      ],
      series: [
        { label: bucket === 'hour' ? 'Hour (UTC)' : 'Day (UTC)' },
        ...SERIES.map((s) => ({
          label: s.label,
          stroke: s.stroke,
          width: 2,
          dash: 'dash' in s ? [...s.dash] : undefined,
          points: { show: points.length < 40 },
        })),
      ],
      plugins: [tooltip(bucket)],
    },
    data,
    box,
  );
  observer = new ResizeObserver(() => plot?.setSize({ width: width(), height: 260 }));
  observer.observe(box);
  const total = (k: (typeof SERIES)[number]['key']) => count(points.reduce((s, p) => s + (p[k] ?? 0), 0));
  summary.textContent = `${points.length} ${bucket} buckets: ${total('pageviews')} page views, ${total('views')} form views, ${total('starts')} starts, ${total('abandons')} abandons, ${total('submissions')} submissions, ${total('delivered')} logs delivered.`;
}

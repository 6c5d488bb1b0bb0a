// The time chart: views, submissions and delivered logs per hour or day bucket, drawn with uPlot on a canvas.
import uPlot from 'uplot';
import type { SeriesPoint } from './api';
import { count } from './dom';

let plot: uPlot | null = null;
/** At most ~10 day ticks, so 30 days fit on a phone's axis. */
const thin = (xs: number[]) => xs.filter((_, i) => i % Math.ceil(xs.length / 10) === 0);
let observer: ResizeObserver | null = null;

// Colours with ≥ 3:1 contrast on white (WCAG 1.4.11, graphical objects), told apart by dash as well as hue.
const SERIES = [
  { key: 'views', label: 'Views', stroke: '#1f5fbf' },
  { key: 'submissions', label: 'Submissions', stroke: '#b3261e', dash: [6, 4] },
  { key: 'delivered', label: 'Logs delivered', stroke: '#1b7a3a', dash: [2, 3] },
] as const;

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
  const data: uPlot.AlignedData = [points.map((p) => Date.parse(p.t) / 1000), ...SERIES.map((s) => points.map((p) => p[s.key]))];
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
    },
    data,
    box,
  );
  observer = new ResizeObserver(() => plot?.setSize({ width: width(), height: 260 }));
  observer.observe(box);
  const total = (k: 'views' | 'submissions' | 'delivered') => count(points.reduce((s, p) => s + p[k], 0));
  summary.textContent = `${points.length} ${bucket} buckets: ${total('views')} views, ${total('submissions')} submissions, ${total('delivered')} logs delivered.`;
}

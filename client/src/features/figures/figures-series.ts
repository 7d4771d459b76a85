import { ONLINE_SUBMISSION_TARGET, type Figures, type FiguresSample } from '../../../../protocol/index.js';
import { INCIDENT_SEVERITIES, SEVERITY_COLOURS } from '../incidents/incident-classes.js';
import { FIGURE_IDS, type FigureId } from './figures-format.js';

/**
 * A chart's data as uPlot takes it: the sample times (Unix seconds), then one array per series in
 * drawing order, aligned with the times; null leaves a gap.
 */
export type ChartData = [number[], ...(number | null)[][]];

export interface ChartSeries {
  colour: string;
  /** Stacked charts fill each series down to the axis; the outermost is drawn first. */
  fill?: string;
}

/** How one figure's history is drawn. */
export interface ChartSpec {
  series: ChartSeries[];
  data(history: readonly FiguresSample[]): ChartData;
  /** The y range for the values in view and the target line, if any (most charts start at zero). */
  range(min: number, max: number, target?: number): [number, number];
  /** The figure's target, drawn as a dashed line (the online share's 70%). */
  target?(f: Figures): number;
}

export const chartTimes = (history: readonly FiguresSample[]): number[] => history.map((h) => Date.parse(h.at) / 1000);

/** One line: `pick` of every sample (null where the figure had none). */
export function lineData(history: readonly FiguresSample[], pick: (f: Figures) => number | null): ChartData {
  return [chartTimes(history), history.map((h) => pick(h.figures))];
}

/**
 * Stacked areas: `parts` are given bottom first. Each series is the running total up to its part,
 * returned outermost first (the total, then down to the bottom part alone), so that drawing them in
 * order, each filled to the axis, paints every band in its own colour.
 */
export function stackedData(history: readonly FiguresSample[], parts: readonly ((f: Figures) => number)[]): ChartData {
  const cumulative = parts.map(() => new Array<number>(history.length));
  history.forEach((h, i) => {
    let sum = 0;
    parts.forEach((part, p) => {
      sum += part(h.figures);
      cumulative[p]![i] = sum;
    });
  });
  return [chartTimes(history), ...cumulative.reverse()];
}

/** Mixes a colour into the panel's background, so stacked bands stay opaque yet calm. */
export function mixWithPanel(hex: string, amount: number, panel = '#0d1524'): string {
  const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const [a, b] = [rgb(hex), rgb(panel)];
  const mixed = a.map((v, i) => Math.round(v * amount + b[i]! * (1 - amount)));
  return `#${mixed.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** From zero to a little over the largest value, and at least to `floor`. */
const fromZero =
  (floor: number) =>
  (_min: number, max: number): [number, number] => [0, Math.max(floor, max * 1.15)];

/** Severities bottom first: the worst at the base of the stack. */
const STACK_ORDER = [...INCIDENT_SEVERITIES].reverse();

export const CHART_COLOURS = {
  acknowledge: '#60a5fa',
  congestion: '#f59e0b',
  online: '#5eead4',
  target: '#e6ebf4',
  overdue: '#fda4af',
  devices: '#a78bfa',
} as const;

/** The chart of each figure. */
export const CHART_SPECS: Record<FigureId, ChartSpec> = {
  openIncidents: {
    // Outermost first: the top band (informational) down to the bottom one (critical).
    series: [...STACK_ORDER]
      .reverse()
      .map((s) => ({ colour: SEVERITY_COLOURS[s], fill: mixWithPanel(SEVERITY_COLOURS[s], 0.7) })),
    data: (h) =>
      stackedData(
        h,
        STACK_ORDER.map((s) => (f: Figures) => f.openIncidents.bySeverity[s] ?? 0),
      ),
    range: fromZero(1),
  },
  timeToAcknowledge: {
    series: [{ colour: CHART_COLOURS.acknowledge }],
    data: (h) => lineData(h, (f) => f.timeToAcknowledge.medianSeconds),
    range: fromZero(60),
  },
  congestion: {
    series: [{ colour: CHART_COLOURS.congestion }],
    data: (h) => lineData(h, (f) => f.congestion.index),
    range: (_min, max) => [0, Math.min(1, Math.max(0.1, max * 1.15))],
  },
  onlineSubmission: {
    series: [{ colour: CHART_COLOURS.online }],
    data: (h) => lineData(h, (f) => f.onlineSubmission.share),
    // Around the values and the target, so the target line is always in view.
    range: (min, max, target = ONLINE_SUBMISSION_TARGET) => [
      Math.max(0, Math.min(min, target) - 0.08),
      Math.min(1, Math.max(max, target) + 0.08),
    ],
    target: (f) => f.onlineSubmission.target,
  },
  overdueDossiers: {
    series: [{ colour: CHART_COLOURS.overdue }],
    data: (h) => lineData(h, (f) => f.overdueDossiers.total),
    range: fromZero(1),
  },
  devicesOffline: {
    series: [{ colour: CHART_COLOURS.devices }],
    data: (h) => lineData(h, (f) => f.devicesOffline.total),
    range: fromZero(1),
  },
};

/** Every figure's chart data from the same history. */
export function chartData(history: readonly FiguresSample[]): Record<FigureId, ChartData> {
  return Object.fromEntries(FIGURE_IDS.map((id) => [id, CHART_SPECS[id].data(history)])) as Record<FigureId, ChartData>;
}

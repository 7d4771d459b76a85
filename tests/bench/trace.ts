/**
 * Where a headless Chromium's time goes, from a trace of the whole browser (playwright's
 * `browser.startTracing`): how busy the page's main thread was and how much of that was scripts
 * or waiting for the GPU process to finish the WebGL frame, how busy the page's workers were
 * (MapLibre parses and tiles GeoJSON in them), and how busy the GPU process was executing WebGL
 * (in software without a GPU: SwiftShader) and compositing the page.
 */

/** Enough to attribute thread time; the frame-by-frame categories would slow the page down. */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'gpu'];

/** Each a share of one core over the traced window (0.5: half of one core's time). */
export interface TimeShares {
  main: number;
  /** JavaScript on the main thread: the console, Vue and MapLibre's own. */
  scripts: number;
  /** The main thread blocked until the GPU process has drawn the map's WebGL frame (read back to composite it). */
  waitingForGl: number;
  /** Dedicated workers of the page (MapLibre's: GeoJSON parsing and tiling), summed. */
  workers: number;
  /** The GPU process executing WebGL commands (software GL without a GPU). */
  webgl: number;
  /** The GPU process compositing the page's frames. */
  compositing: number;
  /** Frames per second for which the main thread read a new WebGL image back (the map repainted). */
  glFrames: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  args?: { name?: string };
}

type Interval = [number, number];

/** Total length of the union of intervals (events nest and overlap). */
function unionLength(intervals: Interval[]): number {
  const sorted = intervals.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const [s, e] of sorted) {
    if (s > end) {
      if (end > start) total += end - start;
      [start, end] = [s, e];
    } else end = Math.max(end, e);
  }
  if (end > start) total += end - start;
  return total;
}

const TASK = 'ThreadControllerImpl::RunTask';
const SCRIPT = new Set([
  'FunctionCall',
  'EvaluateScript',
  'v8.compile',
  'TimerFire',
  'FireAnimationFrame',
  'RunMicrotasks',
]);
const GL_WAIT = new Set(['GLES2::ReadPixels', 'CommandBufferHelper::Finish']);

/** Time shares of a trace (the JSON `browser.stopTracing()` returns) over a window of `seconds`. */
export function timeShares(trace: Buffer | string, seconds: number): TimeShares {
  const parsed = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const processes = new Map<number, string>();
  const threads = new Map<string, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'process_name') processes.set(e.pid, e.args?.name ?? '');
    if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  }
  const spans = new Map<string, Interval[]>();
  const add = (key: string, e: TraceEvent) => {
    const list = spans.get(key) ?? [];
    list.push([e.ts!, e.ts! + e.dur!]);
    spans.set(key, list);
  };
  for (const e of events) {
    if (e.ph !== 'X' || e.ts === undefined || e.dur === undefined) continue;
    const thread = `${e.pid}:${e.tid}`;
    if (e.name === TASK) add(`task ${thread}`, e);
    if (SCRIPT.has(e.name)) add(`script ${thread}`, e);
    if (GL_WAIT.has(e.name)) add(`glwait ${thread}`, e);
    if (e.name === 'GLES2::ReadPixels') add(`readback ${thread}`, e);
    if (e.name === 'WebGL') add(`webgl ${thread}`, e);
  }
  const busy = (kind: string, thread: string) => unionLength(spans.get(`${kind} ${thread}`) ?? []) / 1e6 / seconds;
  const threadsNamed = (process: string, name: string) =>
    [...threads].filter(([key, n]) => n === name && processes.get(Number(key.split(':')[0])) === process);

  // The page's renderer: the one whose main thread was busiest (others are browser UI).
  const mains = threadsNamed('Renderer', 'CrRendererMain').sort((a, b) => busy('task', b[0]) - busy('task', a[0]));
  const main = mains[0]?.[0] ?? '';
  const pagePid = main.split(':')[0];
  const workers = [...threads].filter(([key, n]) => n === 'DedicatedWorker thread' && key.split(':')[0] === pagePid);
  const gpu = threadsNamed('GPU Process', 'CrGpuMain')[0]?.[0] ?? '';
  const viz = threadsNamed('GPU Process', 'VizCompositorThread')[0]?.[0] ?? '';
  return {
    main: busy('task', main),
    scripts: busy('script', main),
    waitingForGl: busy('glwait', main),
    workers: workers.reduce((sum, [key]) => sum + busy('task', key), 0),
    webgl: busy('webgl', gpu),
    compositing: busy('task', viz),
    glFrames: (spans.get(`readback ${main}`)?.length ?? 0) / seconds,
  };
}

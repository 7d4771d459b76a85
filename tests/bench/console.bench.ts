/**
 * Console benchmark: `npm run bench:console` (part of `npm run bench`; `-- --quick` for a short run).
 *
 * Does the map keep up with 10,000 live objects? Starts the server (real PostgreSQL and broker when
 * DATABASE_URL / MQTT_URL are set, the embedded engines otherwise) and the built console in headless
 * Chromium (/usr/bin/chromium, software rendering: absolute numbers are a slow GPU's), then measures,
 * in the same run:
 *   idle      the console open, signed in, nothing moving (the baseline)
 *   live      --objects response units (default 10,000), each reporting a new position every
 *             --every seconds (default 3), published over MQTT at an even rate
 * For each: the time between animation frames (p50 / p95 / p99 / max, the share of long frames
 * over 50 ms, what an operator sees as jank, and the share of the time spent in them); how many
 * updates the console applied, how often it sent its map sources changes (applies) and how many
 * features, how often the map repainted and how long those frames took; and, from a trace of the
 * whole browser, where the time went: the page's main thread (scripts, waiting for WebGL), MapLibre's
 * workers (GeoJSON), the GPU process (WebGL, compositing), beside this process and the machine.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { APPLY_MIN_MS, FRAME_MS, PAINT_BUDGET } from '../../client/src/map/apply-pacer.js';
import { signIn } from '../helpers/clients.js';
import { cleanups, startBenchServer } from './bench-server.js';
import { machineCpu, percentile, sleep } from './probes.js';
import { startUnitFleet } from './unit-fleet.js';
import { TRACE_CATEGORIES, timeShares, type TimeShares } from './trace.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const LONG_FRAME_MS = 50;
const out = (line = '') => process.stdout.write(`${line}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      objects: { type: 'string', default: '10000' },
      every: { type: 'string', default: '3' },
      seconds: { type: 'string' },
    },
  });
  const objects = Number(values.objects);
  const every = Number(values.every);
  const seconds = Number(values.seconds ?? (values.quick ? 5 : 12));
  if (!(objects >= 1) || !(every > 0) || !(seconds > 0))
    throw new Error('usage: npm run bench:console -- [--quick] [--objects 10000] [--every 3] [--seconds 12]');
  return { objects, every, seconds, traceSeconds: Math.min(seconds, 6) };
}

/** Frame intervals (ms) over `seconds`, measured in the page with requestAnimationFrame. */
async function frames(page: Page, seconds: number): Promise<number[]> {
  // A string, not a function: tsx would compile a function with helpers the page does not have.
  return page.evaluate<number[]>(`new Promise((resolve) => {
    const gaps = [];
    let last = performance.now();
    const end = last + ${seconds * 1000};
    const tick = (t) => {
      gaps.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick);
      else resolve(gaps);
    };
    requestAnimationFrame(tick);
  })`);
}

/** Reads the console's debug handle (window.__hanoi) in the page. */
const hanoi = <T>(page: Page, expression: string): Promise<T> => page.evaluate<T>(`window.__hanoi.${expression}`);

interface MapStats {
  repaints: number;
  paintedFrames: number;
  paintMs: number;
  sources: Record<string, { applies: number; features: number }>;
}

interface Figures {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Share of frames over LONG_FRAME_MS. */
  long: number;
  /** Share of the time spent in those frames. */
  stalled: number;
}
function summarise(gaps: number[]): Figures {
  const sorted = [...gaps].sort((a, b) => a - b);
  const long = gaps.filter((g) => g > LONG_FRAME_MS);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    frames: gaps.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    long: long.length / Math.max(1, gaps.length),
    stalled: sum(long) / Math.max(1, sum(gaps)),
  };
}

interface Phase {
  frames: Figures;
  /** Per second: store updates applied (the connection's sequence), applies and features per source, repaints. */
  updates: number;
  applies: Record<string, number>;
  features: number;
  repaints: number;
  /** Mean time of the frames in which the map painted (ms). */
  paintMs: number;
  /** CDP metrics of the page's main thread, shares of the time. */
  busy: number;
  scripts: number;
  /** CPU of this process (the server and the publisher), share of one core; of the whole machine, share of all cores. */
  benchCpu: number;
  machine: number | null;
  trace: TimeShares;
}

/** Measures a phase: frames and counters over `seconds`, then a trace over `traceSeconds`. */
async function measurePhase(
  page: Page,
  cdp: CDPSession,
  browser: Browser,
  seconds: number,
  traceSeconds: number,
): Promise<Phase> {
  const metrics = async () =>
    Object.fromEntries(
      ((await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }).metrics.map(
        (m) => [m.name, m.value],
      ),
    ) as Record<string, number>;
  const counters = async () => ({
    seq: await hanoi<number>(page, 'lastSeq()'),
    // A console built before mapStats() existed answers null: its applies and repaints are not counted.
    stats: (await page.evaluate<MapStats | null>('window.__hanoi.mapStats?.() ?? null')) ?? {
      repaints: 0,
      paintedFrames: 0,
      paintMs: 0,
      sources: {},
    },
    metrics: await metrics(),
    cpu: process.cpuUsage(),
    machine: machineCpu(),
    at: performance.now(),
  });
  const a = await counters();
  const gaps = await frames(page, seconds);
  const b = await counters();
  const s = (b.at - a.at) / 1000;
  const applies: Record<string, number> = {};
  let features = 0;
  for (const [id, src] of Object.entries(b.stats.sources)) {
    const before = a.stats.sources[id] ?? { applies: 0, features: 0 };
    applies[id] = (src.applies - before.applies) / s;
    features += (src.features - before.features) / s;
  }
  const painted = b.stats.paintedFrames - a.stats.paintedFrames;
  const cpuMicros = b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system;

  await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
  const traceStart = performance.now();
  await sleep(traceSeconds * 1000);
  const traced = await browser.stopTracing();
  const trace = timeShares(traced, (performance.now() - traceStart) / 1000);

  return {
    frames: summarise(gaps),
    updates: (b.seq - a.seq) / s,
    applies,
    features,
    repaints: (b.stats.repaints - a.stats.repaints) / s,
    paintMs: painted > 0 ? (b.stats.paintMs - a.stats.paintMs) / painted : NaN,
    busy: ((b.metrics.TaskDuration ?? 0) - (a.metrics.TaskDuration ?? 0)) / s,
    scripts: ((b.metrics.ScriptDuration ?? 0) - (a.metrics.ScriptDuration ?? 0)) / s,
    benchCpu: cpuMicros / 1e6 / s,
    machine: a.machine && b.machine ? (b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total) : null,
    trace,
  };
}

function report(opts: ReturnType<typeof options>, idle: Phase, live: Phase, drawn: number): void {
  const liveLabel = `${opts.objects.toLocaleString('en')} units / ${opts.every}s`;
  const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 && x > 0 ? 1 : 0)}%`;
  const row = (label: string, f: Figures) =>
    `${label.padEnd(22)}${String(f.frames).padStart(7)}${f.p50.toFixed(1).padStart(8)}${f.p95.toFixed(1).padStart(8)}` +
    `${f.p99.toFixed(1).padStart(8)}${f.max.toFixed(0).padStart(8)}${pct(f.long).padStart(8)}${pct(f.stalled).padStart(9)}`;
  out(`  ${opts.seconds}s per phase; frame time in ms; long = frames over ${LONG_FRAME_MS} ms, stalled = time in them`);
  out(
    `${'phase'.padEnd(22)}${'frames'.padStart(7)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}` +
      `${'max'.padStart(8)}${'long'.padStart(8)}${'stalled'.padStart(9)}`,
  );
  out(row('idle map (baseline)', idle.frames));
  out(row(liveLabel, live.frames));
  out(`  live: ${drawn.toLocaleString('en')} units drawn in view`);
  out();

  const line = (label: string, f: (p: Phase) => string) =>
    out(`${label.padEnd(46)}${f(idle).padStart(12)}${f(live).padStart(20)}`);
  const num = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
  const sources = [...new Set([...Object.keys(idle.applies), ...Object.keys(live.applies)])].filter(
    (id) => (live.applies[id] ?? 0) > 0 || (idle.applies[id] ?? 0) > 0,
  );
  out(`${''.padEnd(46)}${'idle map'.padStart(12)}${liveLabel.padStart(20)}`);
  line('updates applied by the console /s', (p) => num(p.updates));
  for (const id of sources.length > 0 ? sources : ['units'])
    line(`map source applies /s (${id})`, (p) => num(p.applies[id] ?? 0, 2));
  line('features sent to the map /s', (p) => num(p.features));
  line('map repaints /s', (p) => num(p.repaints, 1));
  line('ms per frame in which the map painted', (p) => num(p.paintMs));
  line('main thread busy (CDP)', (p) => pct(p.busy));
  line('  in scripts: the console, Vue, MapLibre (CDP)', (p) => pct(p.scripts));
  out(`  traced over ${opts.traceSeconds}s per phase, shares of one core:`);
  line('map repaints /s (WebGL frames read back)', (p) => num(p.trace.glFrames, 1));
  line('main thread busy', (p) => pct(p.trace.main));
  line('  in scripts', (p) => pct(p.trace.scripts));
  line('  waiting for the GPU process to draw WebGL', (p) => pct(p.trace.waitingForGl));
  line('MapLibre workers (GeoJSON parsing, tiling)', (p) => pct(p.trace.workers));
  line('GPU process: WebGL, in software (SwiftShader)', (p) => pct(p.trace.webgl));
  line('GPU process: compositing the page', (p) => pct(p.trace.compositing));
  line('this process (the server, the publisher)', (p) => pct(p.benchCpu));
  line(`whole machine, share of ${cpus().length} cores`, (p) => (p.machine === null ? '-' : pct(p.machine)));

  const drawing = live.trace.webgl + live.trace.compositing;
  out();
  out(
    `Live, where the time goes: the console's scripts ${pct(live.trace.scripts)} of a core, MapLibre's GeoJSON ` +
      `workers ${pct(live.trace.workers)}, drawing the map in the GPU process ${pct(drawing)} (the main thread ` +
      `waited for it ${pct(live.trace.waitingForGl)} of the time); the server and publisher ${pct(live.benchCpu)}.`,
  );
  if (live.paintMs > 2 * FRAME_MS)
    out(
      `A frame in which the map repaints takes ~${num(live.paintMs)} ms here, against ${FRAME_MS.toFixed(1)} ms at ` +
        `60 Hz: Chromium draws WebGL in software (SwiftShader; no GPU on this machine). Each apply led to ` +
        `${num(live.repaints / Math.max(0.01, live.applies.units ?? 0), 1)} repaints (when the source changes and ` +
        `when its tiles come back from the worker; one if both fall in the same frame). That paint cost is the ` +
        `machine's, not the console's: with a GPU a repaint takes a few ms and the console applies changes up to ` +
        `${(1000 / APPLY_MIN_MS).toFixed(0)} times a second; here it paced itself to ${num(live.applies.units ?? 0, 2)} ` +
        `applies/s, its budget being slow frames ${pct(PAINT_BUDGET)} of the time.`,
    );
}

async function main(): Promise<void> {
  const opts = options();
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
  if (!existsSync('dist/client/index.html')) throw new Error('the console is not built: run npm run build:client');
  const undo = cleanups(out);

  try {
    const { server, topicRoot } = await startBenchServer('cbench', undo);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    undo.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'vi-VN' });
    const [name, value] = (await signIn(server.url)).split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction('window.__hanoi && window.__hanoi.mapReady()');
    await sleep(2000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    out(
      `console bench: database ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded'}, broker ${server.mqttUrl}, ` +
        `Chromium headless (software rendering), 1600×900, ${cpus().length} cores`,
    );
    const idle = await measurePhase(page, cdp, browser, opts.seconds, opts.traceSeconds);

    const fleet = await startUnitFleet({ url: server.mqttUrl, topicRoot, objects: opts.objects, every: opts.every });
    undo.push(() => fleet.stop());
    // One full cycle first, so every object is on the map.
    await page.waitForFunction(`window.__hanoi.deviceCount('units') >= ${opts.objects}`, null, {
      timeout: 120_000,
      polling: 500,
    });
    await sleep(1000);
    const live = await measurePhase(page, cdp, browser, opts.seconds, opts.traceSeconds);
    const drawn = await hanoi<number>(page, "renderedDeviceIds('units').length");
    await fleet.stop();
    await page.screenshot({ path: 'test-results/bench-console-10k.png' });
    report(opts, idle, live, drawn);
  } finally {
    await undo.run();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    out(`console bench failed: ${err.message}`);
    process.exit(1);
  },
);

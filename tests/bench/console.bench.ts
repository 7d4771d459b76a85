/**
 * Console benchmark: `npm run bench:console` (part of `npm run bench`; `-- --quick` for a short run).
 *
 * Does the map keep up with 10,000 live objects? Starts the server (real PostgreSQL and broker when
 * DATABASE_URL / MQTT_URL are set, the embedded engines otherwise) and the built console in headless
 * Chromium (/usr/bin/chromium, software rendering: absolute numbers are a slow GPU's), then measures
 * the time between animation frames, in the same run:
 *   idle      the console open, signed in, nothing moving (the baseline)
 *   live      --objects response units (default 10,000), each reporting a new position every
 *             --every seconds (default 3), published over MQTT at an even rate
 * and prints p50 / p95 / p99 / max frame time, the share of long frames (> 50 ms, what an operator
 * sees as jank), how many objects the map drew and how many updates the console applied per second.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { chromium, type Page } from 'playwright-core';
import { deviceTopic } from '../../protocol/index.js';
import { signIn } from '../helpers/clients.js';
import { cleanups, startBenchServer } from './bench-server.js';
import { percentile, sleep } from './probes.js';

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
  return { objects, every, seconds };
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

interface Figures {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  long: number;
}
function summarise(gaps: number[]): Figures {
  const sorted = [...gaps].sort((a, b) => a - b);
  return {
    frames: gaps.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    long: gaps.filter((g) => g > LONG_FRAME_MS).length / Math.max(1, gaps.length),
  };
}

async function main(): Promise<void> {
  const opts = options();
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
  if (!existsSync('dist/client/index.html')) throw new Error('the console is not built: run npm run build:client');
  const ts = Date.now();
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

    out(
      `console bench: database ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded'}, broker ${server.mqttUrl}, ` +
        `Chromium headless (software rendering), 1600×900`,
    );
    const idle = summarise(await frames(page, opts.seconds));

    // Units spread over the urban districts, each moving a little at every report.
    const publisher = await mqtt.connectAsync(server.mqttUrl, { clientId: `cbench-pub-${ts}` });
    undo.push(() => publisher.endAsync());
    const ids = Array.from({ length: opts.objects }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
    const home = ids.map((_, i) => [105.76 + ((i * 7919) % 1000) / 6250, 20.95 + ((i * 104729) % 1000) / 8000]);
    const kinds = ['police', 'fire', 'ambulance'] as const;
    const statuses = ['available', 'en_route', 'on_scene', 'dispatched'] as const;
    let round = 0;
    let publishing = true;
    const perTick = Math.ceil(opts.objects / ((opts.every * 1000) / 50));
    let next = 0;
    const pump = (async () => {
      const start = Date.now();
      while (publishing) {
        const at = new Date(start + round * opts.every * 1000 + next);
        for (let k = 0; k < perTick && publishing; k++) {
          const i = next++;
          if (i >= ids.length) {
            next = 0;
            round++;
            break;
          }
          const [lon, lat] = home[i] as [number, number];
          const phase = round * 0.3 + i;
          const report = {
            dateObserved: new Date(at.getTime() + k).toISOString(),
            location: {
              type: 'Point',
              coordinates: [lon + 0.002 * Math.cos(phase), lat + 0.002 * Math.sin(phase)],
            },
            kind: kinds[i % 3],
            status: statuses[(i + round) % 4],
            speed: 30,
            heading: Math.round((phase * 57) % 360),
          };
          publisher.publish(deviceTopic('units', ids[i]!, topicRoot), JSON.stringify(report), { qos: 0 });
        }
        await sleep(50);
      }
    })();
    const seqBefore = await hanoi<number>(page, 'lastSeq()');
    // One full cycle first, so every object is on the map.
    await page.waitForFunction(`window.__hanoi.deviceCount('units') >= ${opts.objects}`, null, {
      timeout: 120_000,
      polling: 500,
    });
    const t0 = Date.now();
    const seq0 = await hanoi<number>(page, 'lastSeq()');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries(
        ((await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }).metrics.map(
          (m) => [m.name, m.value],
        ),
      ) as Record<string, number>;
    const m0 = await metrics();
    const live = summarise(await frames(page, opts.seconds));
    const m1 = await metrics();
    const busy = (k: string) => ((m1[k] ?? 0) - (m0[k] ?? 0)) / ((Date.now() - t0) / 1000);
    const seq1 = await hanoi<number>(page, 'lastSeq()');
    const applied = (seq1 - seq0) / ((Date.now() - t0) / 1000);
    const drawn = await hanoi<number>(page, "renderedDeviceIds('units').length");
    publishing = false;
    await pump;
    await page.screenshot({ path: 'test-results/bench-console-10k.png' });

    const row = (label: string, f: Figures) =>
      `${label.padEnd(22)}${String(f.frames).padStart(7)}${f.p50.toFixed(1).padStart(8)}${f.p95.toFixed(1).padStart(8)}` +
      `${f.p99.toFixed(1).padStart(8)}${f.max.toFixed(0).padStart(8)}${`${(f.long * 100).toFixed(1)}%`.padStart(9)}`;
    out(`  ${opts.seconds}s per phase; frame time in ms; long = frames over ${LONG_FRAME_MS} ms`);
    out(
      `${'phase'.padEnd(22)}${'frames'.padStart(7)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}${'long'.padStart(9)}`,
    );
    out(row('idle map (baseline)', idle));
    out(row(`${opts.objects.toLocaleString('en')} units / ${opts.every}s`, live));
    out(
      `  live: ${drawn.toLocaleString('en')} units drawn in view, ${applied.toFixed(0)} updates/s applied by the console ` +
        `(${(seq0 - seqBefore).toLocaleString('en')} before measuring)`,
    );
    out(
      `  live: main thread busy ${(busy('TaskDuration') * 100).toFixed(0)}% of the time, ` +
        `${(busy('ScriptDuration') * 100).toFixed(0)}% in scripts (the console and MapLibre), the rest layout, paint and GL`,
    );
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

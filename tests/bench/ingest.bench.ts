/**
 * Ingest benchmark: `npm run bench` (add `-- --quick` for two short steps).
 *
 * Starts the whole server in this process (real PostgreSQL and broker when DATABASE_URL / MQTT_URL
 * are set, the embedded engines otherwise), then for rising publish rates measures, in one run:
 *   raw/s     how fast a bare mqtt.js subscriber on the same broker and topic receives the readings
 *   stored/s  how fast the server commits them (rows counted in the database until all are there)
 *   ratio     stored/s over raw/s; lost = published - stored
 *   p50, p99  publish-to-console latency over the console sockets subscribed to the traffic layer
 * Options: --quick, --rates 500,1000, --seconds 5, --sockets 50, --detectors 2000.
 */
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { createTrafficModel } from '../../simulators/src/traffic.sim.js';
import { signIn } from '../helpers/clients.js';
import { cleanups, startBenchServer } from './bench-server.js';
import { consoleFleet, createPublisher, percentile, rawSubscriber, rowCounter, sleep } from './probes.js';

const out = (line = '') => process.stdout.write(`${line}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      rates: { type: 'string' },
      seconds: { type: 'string' },
      sockets: { type: 'string', default: '50' },
      detectors: { type: 'string', default: '2000' },
    },
  });
  const rates = (values.rates ?? (values.quick ? '500,1000' : '500,1000,2000,4000,8000')).split(',').map(Number);
  const seconds = Number(values.seconds ?? (values.quick ? 2 : 5));
  const sockets = Number(values.sockets);
  const detectors = Number(values.detectors);
  if (rates.some((r) => !(r > 0)) || !(seconds > 0) || !(sockets >= 0) || !(detectors >= 1))
    throw new Error(
      'usage: npm run bench -- [--quick] [--rates 500,1000] [--seconds 5] [--sockets 50] [--detectors 2000]',
    );
  return { rates, seconds, sockets, detectors };
}

interface Row {
  rate: number;
  published: number;
  pubRate: number;
  rawRate: number;
  storedRate: number;
  lost: number;
  latP50: number;
  latP99: number;
  consoleShare: number;
  timedOut: boolean;
}

function printTable(rows: Row[]): void {
  const head = [
    'target/s',
    'published',
    'pub/s',
    'raw/s',
    'stored/s',
    'ratio',
    'lost',
    'p50 ms',
    'p99 ms',
    'on console',
  ];
  const cells = rows.map((r) => [
    String(r.rate),
    String(r.published),
    r.pubRate.toFixed(0),
    r.rawRate.toFixed(0),
    r.storedRate.toFixed(0) + (r.timedOut ? '*' : ''),
    r.rawRate > 0 ? (r.storedRate / r.rawRate >= 0.995 ? '1.00' : (r.storedRate / r.rawRate).toFixed(2)) : '-',
    String(r.lost),
    Number.isNaN(r.latP50) ? '-' : r.latP50.toFixed(0),
    Number.isNaN(r.latP99) ? '-' : r.latP99.toFixed(0),
    `${(r.consoleShare * 100).toFixed(0)}%`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padStart(widths[i]!)).join('  ');
  out(line(head));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) out(line(c));
}

async function main(): Promise<void> {
  const opts = options();
  const ts = Date.now();
  const undo = cleanups(out);

  try {
    const { server, topicRoot } = await startBenchServer('bench', undo);
    const cfg = server.config;
    out(`ingest bench: database ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded'}, broker ${server.mqttUrl}`);
    out(
      `  ${opts.rates.length} steps of ${opts.seconds}s, QoS 1, ${opts.detectors} detectors, ${opts.sockets} console sockets, ` +
        `frame ${cfg.frameMs} ms, batch ${cfg.batchMaxRows} rows / ${cfg.batchMaxWaitMs} ms`,
    );

    const t0 = Date.UTC(2026, 10, 27, 1, 0, 0); // 08:00 in Hanoi
    const total = opts.rates.reduce((sum, rate) => sum + Math.round(rate * opts.seconds), 0);
    const sentAt = new SharedArrayBuffer(total * Float64Array.BYTES_PER_ELEMENT);
    const counter = rowCounter(server.databaseUrl);
    undo.push(() => counter.close());
    const raw = await rawSubscriber(server.mqttUrl, topicRoot, `bench-raw-${ts}`);
    undo.push(() => raw.close());
    const consoles = await consoleFleet(server.url, await signIn(server.url), opts.sockets, t0, sentAt);
    undo.push(() => consoles.close());
    const pubClient = await mqtt.connectAsync(server.mqttUrl, { clientId: `bench-pub-${ts}`, clean: true });
    undo.push(() => pubClient.endAsync());
    const publisher = createPublisher({
      client: pubClient,
      topicRoot,
      model: createTrafficModel({ seed: 2016 }),
      detectors: opts.detectors,
      t0,
      sentAt: new Float64Array(sentAt),
    });

    const rows: Row[] = [];
    for (const rate of opts.rates) {
      const count = Math.round(rate * opts.seconds);
      consoles.reset();
      const sinceSeq = await counter.head();
      const raw0 = raw.count();
      let publishing = true;
      const [burst, db] = await Promise.all([
        publisher.burst(rate, count).finally(() => (publishing = false)),
        counter.waitFor(
          sinceSeq,
          () => count,
          () => publishing,
        ),
      ]);
      // Let the raw subscriber and the last console frames catch up.
      for (let i = 0; i < 50 && raw.count() - raw0 < burst.acked; i++) await sleep(100);
      await sleep(cfg.frameMs * 2 + 300);

      const seconds = (end: number) => Math.max(end - burst.startedAt, 1) / 1000;
      const rawCount = raw.count() - raw0;
      const seen = await consoles.snapshot();
      rows.push({
        rate,
        published: burst.acked,
        pubRate: burst.published / seconds(burst.lastPublishAt),
        rawRate: rawCount / seconds(raw.lastAt()),
        storedRate: db.stored / seconds(db.doneAt),
        lost: burst.acked - db.stored,
        latP50: percentile(seen.latencies, 50),
        latP99: percentile(seen.latencies, 99),
        consoleShare: burst.acked > 0 ? seen.seen / burst.acked : 0,
        timedOut: db.timedOut,
      });
      const r = rows[rows.length - 1]!;
      out(
        `  ${rate}/s: published ${burst.acked} (${burst.errors} errors), raw ${rawCount}, stored ${db.stored}` +
          `, ${seen.frames} frames, ${seen.latencies.length} console items (${seen.unmatched} unmatched), p50 ${r.latP50.toFixed(0)} ms`,
      );
    }

    out();
    printTable(rows);
    out();
    out('raw/s: bare subscriber on the same broker; stored/s: rows committed by the server (until all published are');
    out('stored; * = gave up after 10 s without progress); ratio = stored/s / raw/s; lost = published - stored;');
    out(
      'p50/p99: publish to `traffic:updated` on the console sockets (includes the frame interval); on console: share',
    );
    out('of published readings that reached the consoles (frames merge bursts by detector, so < 100% is expected).');
  } finally {
    await undo.run();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);

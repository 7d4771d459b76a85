/**
 * `npm run simulate -- --scenario city --rate 200 --seed 7 --speed 10 --mqtt-url mqtt://127.0.0.1:1884
 *  --api-url http://127.0.0.1:8080 --api-key <key> --duration 60 --faults duplicates,malformed`
 *
 * Publishes simulated device messages to a broker and posts the agencies' reports to the server's
 * HTTP feeds until Ctrl-C (or --duration seconds), showing one live status line with the rate, the
 * messages sent per feed and the errors. Defaults: the embedded broker (mqtt://127.0.0.1:1884, or
 * MQTT_URL) and server (http://127.0.0.1:8080, or API_URL) with the embedded demo key, scenario city,
 * 40 traffic messages/s, seed 2016, real time.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TOPIC_ROOT } from '../../protocol/index.js';
import { startAgencySimulators, type AgencyFeed, type RunningAgencySimulators } from './agencies/http-runner.js';
import { DEFAULT_CRIMES_PER_HOUR } from './agencies/crime.sim.js';
import { DEFAULT_CALLS_PER_HOUR } from './agencies/hotlines.sim.js';
import { FAULT_KINDS, parseFaults } from './faults.js';
import { startSimulators, type RunningSimulators } from './runner.js';
import { DEFAULT_SCENARIO, getScenario, scenarios } from './scenarios.js';
import { toHanoiIso } from './traffic.sim.js';

const AGENCY_FEEDS: readonly AgencyFeed[] = ['incidents', 'crime', 'backlog'];

const USAGE = `Usage: npm run simulate -- [options]

  --scenario <name>     what to simulate (default ${DEFAULT_SCENARIO}); one of: ${[...scenarios.keys()].join(', ')}
                        (--list describes them)
  --rate <n>            traffic messages per second (default 40); the device feeds report on their
                        own period instead: signals 30 s, cameras 60 s, units 5 s, network 60 s
                        (the centre's devices 30 s)
  --seed <n>            integer seed; the same seed replays the same readings (default 2016)
  --speed <n>           simulated-time multiplier (default 1); divides every device period
  --start <iso>         simulated start time, e.g. 2026-11-27T07:00:00+07:00 (default now)
  --mqtt-url <url>      broker (default $MQTT_URL or mqtt://127.0.0.1:1884, the embedded broker)
  --api-url <url>       the server, for the agencies' HTTP feeds (default $API_URL or
                        http://127.0.0.1:8080, the embedded console)
  --api-key <key>       an agency API key for the HTTP feeds (default $FEED_API_KEY, else the embedded
                        demo key kept in $DATA_DIR/demo-api-key, ./data by default)
  --calls-per-hour <n>  hotline calls per hour city-wide at the daily mean (default 30)
  --crimes-per-hour <n> crime reports per hour city-wide at the daily mean (default 6)
  --agencies <list>     which agency feeds to post, comma-separated, or none: incidents (113/114/115
                        calls), crime, backlog (default: the scenario's; city and ring2-crash post all)
  --topic-root <root>   first topic level (default ${DEFAULT_TOPIC_ROOT})
  --qos <0|1>           (default 1)
  --duration <s>        stop after this many seconds (default: run until Ctrl-C)
  --faults <list>       inject faults, comma-separated, or all: ${FAULT_KINDS.join(', ')}
                          duplicates    a message sent twice (the server must store it once)
                          out-of-order  a message held back and sent after newer ones
                          malformed     a broken payload (cut short, not JSON, bad or missing field)
                          burst         a device sends 10 reports 1 ms apart
                          silence       a device says nothing for 10 simulated minutes
  --fault-probability <p>
                        chance per message (per device and 10 minutes for silence), 0..1
                        (default 0.01); the choice is seeded, so a run replays the same faults
  --list                list the scenarios and exit
  -h, --help            this text
`;

class UsageError extends Error {}

function number(name: string, raw: string | undefined, fallback: number, check: (n: number) => boolean): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`invalid --${name}: ${raw}`);
  return n;
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      scenario: { type: 'string', default: DEFAULT_SCENARIO },
      rate: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      start: { type: 'string' },
      'mqtt-url': { type: 'string' },
      'api-url': { type: 'string' },
      'api-key': { type: 'string' },
      agencies: { type: 'string' },
      'calls-per-hour': { type: 'string' },
      'crimes-per-hour': { type: 'string' },
      'topic-root': { type: 'string', default: DEFAULT_TOPIC_ROOT },
      qos: { type: 'string' },
      duration: { type: 'string' },
      faults: { type: 'string' },
      'fault-probability': { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const start = values.start === undefined ? undefined : new Date(values.start);
  if (start && Number.isNaN(start.getTime())) throw new UsageError(`invalid --start: ${values.start}`);
  if (!/^[A-Za-z0-9_-]+$/.test(values['topic-root']))
    throw new UsageError(`invalid --topic-root: ${values['topic-root']}`);
  let faults: ReturnType<typeof parseFaults> = [];
  try {
    faults = values.faults === undefined ? [] : parseFaults(values.faults);
  } catch (err) {
    throw new UsageError(`invalid --faults: ${(err as Error).message}`);
  }
  let agencies: AgencyFeed[] | undefined;
  if (values.agencies !== undefined) {
    const list = values.agencies.split(',').map((f) => f.trim());
    const unknown = list.filter((f) => f !== 'none' && !AGENCY_FEEDS.includes(f as AgencyFeed));
    if (unknown.length > 0) throw new UsageError(`invalid --agencies: ${unknown.join(', ')}`);
    agencies = list.filter((f): f is AgencyFeed => f !== 'none');
  }
  const apiUrl = values['api-url'] ?? (process.env.API_URL || 'http://127.0.0.1:8080');
  if (!URL.canParse(apiUrl)) throw new UsageError(`invalid --api-url: ${apiUrl}`);
  return {
    help: values.help,
    list: values.list,
    scenario: values.scenario,
    rate: number('rate', values.rate, 40, (n) => n > 0),
    seed: number('seed', values.seed, 2016, Number.isInteger),
    speed: number('speed', values.speed, 1, (n) => n > 0),
    qos: number('qos', values.qos, 1, (n) => n === 0 || n === 1) as 0 | 1,
    duration: number('duration', values.duration, 0, (n) => n >= 0),
    faults,
    faultProbability: number('fault-probability', values['fault-probability'], 0.01, (n) => n >= 0 && n <= 1),
    startAt: start,
    mqttUrl: values['mqtt-url'] ?? (process.env.MQTT_URL || 'mqtt://127.0.0.1:1884'),
    topicRoot: values['topic-root'],
    apiUrl,
    apiKey: values['api-key'] ?? (process.env.FEED_API_KEY || undefined),
    agencies,
    rates: {
      hotlineCallsPerHour: number('calls-per-hour', values['calls-per-hour'], DEFAULT_CALLS_PER_HOUR, (n) => n >= 0),
      crimesPerHour: number('crimes-per-hour', values['crimes-per-hour'], DEFAULT_CRIMES_PER_HOUR, (n) => n >= 0),
    },
  };
}

/** The embedded demo's key, when this machine runs the embedded console. */
function demoKey(): string | undefined {
  try {
    return readFileSync(resolve(process.env.DATA_DIR ?? './data', 'demo-api-key'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

interface Running {
  devices?: RunningSimulators;
  agencies?: RunningAgencySimulators;
}

function totals(run: Running) {
  const d = run.devices?.stats();
  const a = run.agencies?.stats();
  return {
    sent: (d?.sent ?? 0) + (a?.sent ?? 0),
    errors: (d?.errors ?? 0) + (a?.errors ?? 0),
    dropped: (d?.dropped ?? 0) + (a?.dropped ?? 0),
    byFeed: { ...d?.byFeed, ...a?.byFeed },
    faults: d?.faults,
    simulatedTime: d?.simulatedTime ?? a?.simulatedTime ?? new Date(),
  };
}

function statusLine(run: Running, startedAt: number, rate: RateMeter): string {
  const s = totals(run);
  const elapsed = Math.round((Date.now() - startedAt) / 1000);
  const feeds = Object.entries(s.byFeed)
    .map(([feed, n]) => `${feed} ${n}`)
    .join(' ');
  const faults = s.faults ? `  faults ${Object.values(s.faults).reduce((a, b) => a + b, 0)}` : '';
  const dropped = s.dropped > 0 ? `  dropped ${s.dropped}` : '';
  const sim = toHanoiIso(new Date(Math.floor(s.simulatedTime.getTime() / 1000) * 1000));
  return `${elapsed}s  rate ${rate(s.sent).toFixed(1)}/s  sent ${s.sent} (${feeds || 'none yet'})  errors ${s.errors}${dropped}${faults}  sim ${sim}`;
}

type RateMeter = (sent: number) => number;
/** Messages per second over the last few seconds, from the running total. */
function rateMeter(windowMs = 3000): RateMeter {
  const samples: Array<{ t: number; sent: number }> = [];
  return (sent) => {
    const t = Date.now();
    samples.push({ t, sent });
    while (samples.length > 2 && (samples[0] as { t: number }).t < t - windowMs) samples.shift();
    const first = samples[0] as { t: number; sent: number };
    return t > first.t ? ((sent - first.sent) * 1000) / (t - first.t) : 0;
  };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
    if (!args.help && !args.list) getScenario(args.scenario);
  } catch (err) {
    process.stderr.write(`simulate: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.list) {
    for (const s of scenarios.values()) process.stdout.write(`${s.name.padEnd(12)} ${s.description}\n`);
    return 0;
  }

  const tty = process.stdout.isTTY;
  const scenario = getScenario(args.scenario);
  const agencyFeeds = args.agencies ?? [...scenario.agencies];
  const apiKey = agencyFeeds.length > 0 ? (args.apiKey ?? demoKey()) : undefined;
  if (!scenario.devices && (agencyFeeds.length === 0 || !apiKey)) {
    process.stderr.write(
      `simulate: scenario ${scenario.name} only posts to the HTTP feeds: give an agency key with --api-key (or FEED_API_KEY)\n`,
    );
    return 2;
  }
  // One clock for both runners, so a scenario's scripted events line up across MQTT and HTTP.
  const startAt = args.startAt ?? new Date();
  const warn = (obj: object) => process.stderr.write(`\n${JSON.stringify(obj)}\n`);
  const run: Running = {};
  try {
    if (scenario.devices) {
      run.devices = await startSimulators({
        mqttUrl: args.mqttUrl,
        topicRoot: args.topicRoot,
        rate: args.rate,
        seed: args.seed,
        speed: args.speed,
        qos: args.qos,
        scenario: scenario.name,
        startAt,
        ...(args.faults.length > 0 ? { faults: { kinds: args.faults, probability: args.faultProbability } } : {}),
        log: { info: () => undefined, warn },
      });
    }
    if (agencyFeeds.length > 0 && apiKey) {
      run.agencies = await startAgencySimulators({
        baseUrl: args.apiUrl,
        apiKey,
        seed: args.seed,
        speed: args.speed,
        startAt,
        feeds: agencyFeeds,
        rates: args.rates,
        scripted: scenario.script?.({ seed: args.seed, startAt }),
        log: { info: () => undefined, warn: (obj, msg) => warn({ msg, ...obj }) },
      });
    }
  } catch (err) {
    await run.devices?.stop();
    throw err;
  }
  const startedAt = Date.now();
  const where = [
    ...(run.devices ? [`${args.mqttUrl} (topic root ${args.topicRoot}, QoS ${args.qos})`] : []),
    ...(run.agencies ? [`${args.apiUrl} (${agencyFeeds.join(', ')})`] : []),
  ];
  process.stdout.write(
    `simulating ${scenario.name} on ${where.join(' and ')}: rate ${args.rate}/s, seed ${args.seed}, speed x${args.speed}${args.faults.length > 0 ? `, faults ${args.faults.join(',')} p=${args.faultProbability}` : ''}\n`,
  );
  if (agencyFeeds.length > 0 && !apiKey)
    process.stdout.write(
      'agency feeds skipped: no API key (--api-key, FEED_API_KEY, or the embedded demo key in ./data/demo-api-key)\n',
    );

  const rate = rateMeter();
  rate(0);
  const show = () => {
    const line = statusLine(run, startedAt, rate);
    // On a terminal: one line rewritten in place; in a log file: one line every few seconds.
    process.stdout.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
  const status = setInterval(show, tty ? 500 : 5000);

  let deadline: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (args.duration > 0) deadline = setTimeout(resolve, args.duration * 1000);
  });
  clearTimeout(deadline);
  clearInterval(status);
  await Promise.all([run.devices?.stop(), run.agencies?.stop()]);
  show();
  process.stdout.write('\n');
  const { sent, errors, byFeed, faults } = totals(run);
  const perFeed = Object.entries(byFeed).map(([feed, n]) => `${feed} ${n}`);
  process.stdout.write(`stopped: ${sent} sent (${perFeed.join(', ') || 'none'}), ${errors} errors\n`);
  if (faults) process.stdout.write(`faults injected: ${JSON.stringify(faults)}\n`);
  return errors > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`\nsimulate: ${err.message}\n`);
    process.exitCode = 1;
  },
);

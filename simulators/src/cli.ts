/**
 * `npm run simulate -- --scenario city --rate 200 --seed 7 --speed 10 --mqtt-url mqtt://127.0.0.1:1884
 *  --topic-root hanoi --duration 60 --faults duplicates,malformed --fault-probability 0.02`
 *
 * Publishes simulated device messages to a broker until Ctrl-C (or --duration seconds), showing one
 * live status line with the messages sent per feed. Defaults: the embedded broker
 * (mqtt://127.0.0.1:1884, or MQTT_URL), scenario city, 40 traffic messages/s, seed 2016, real time.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TOPIC_ROOT } from '../../protocol/index.js';
import { FAULT_KINDS, parseFaults } from './faults.js';
import { startSimulators, type RunningSimulators } from './runner.js';
import { DEFAULT_SCENARIO, getScenario, scenarios } from './scenarios.js';
import { toHanoiIso } from './traffic.sim.js';

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
    mqttUrl: values['mqtt-url'] ?? process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1884',
    topicRoot: values['topic-root'],
  };
}

function statusLine(sims: RunningSimulators, startedAt: number): string {
  const s = sims.stats();
  const elapsed = Math.round((Date.now() - startedAt) / 1000);
  const feeds = Object.entries(s.byFeed)
    .map(([feed, n]) => `${feed} ${n}`)
    .join(' ');
  const faults = s.faults ? `  faults ${Object.values(s.faults).reduce((a, b) => a + b, 0)}` : '';
  const sim = toHanoiIso(new Date(Math.floor(s.simulatedTime.getTime() / 1000) * 1000));
  return `${elapsed}s  rate ${s.rate.toFixed(1)}/s  sent ${s.sent} (${feeds || 'none yet'})  errors ${s.errors}${faults}  in flight ${s.inFlight}  sim ${sim}`;
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
  const sims = await startSimulators({
    mqttUrl: args.mqttUrl,
    topicRoot: args.topicRoot,
    rate: args.rate,
    seed: args.seed,
    speed: args.speed,
    qos: args.qos,
    scenario: args.scenario,
    startAt: args.startAt,
    ...(args.faults.length > 0 ? { faults: { kinds: args.faults, probability: args.faultProbability } } : {}),
    log: { info: () => undefined, warn: (obj) => process.stderr.write(`\n${JSON.stringify(obj)}\n`) },
  });
  const startedAt = Date.now();
  process.stdout.write(
    `simulating ${args.scenario} on ${args.mqttUrl} (topic root ${args.topicRoot}, rate ${args.rate}/s, seed ${args.seed}, speed x${args.speed}, QoS ${args.qos}${args.faults.length > 0 ? `, faults ${args.faults.join(',')} p=${args.faultProbability}` : ''})\n`,
  );

  const show = () => {
    const line = statusLine(sims, startedAt);
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
  await sims.stop();
  show();
  process.stdout.write('\n');
  const { sent, errors, byFeed, faults } = sims.stats();
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

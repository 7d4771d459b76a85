/**
 * `npm run simulate -- --scenario traffic --rate 200 --seed 7 --speed 10 --mqtt-url mqtt://127.0.0.1:1884
 *  --topic-root hanoi --duration 60`
 *
 * Publishes simulated device messages to a broker until Ctrl-C (or --duration seconds), showing one
 * live status line. Defaults: the embedded broker (mqtt://127.0.0.1:1884, or MQTT_URL), scenario
 * traffic, 40 messages/s, seed 2016, real time.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TOPIC_ROOT } from '../../protocol/index.js';
import { startSimulators, type RunningSimulators } from './runner.js';
import { getScenario, scenarios } from './scenarios.js';
import { toHanoiIso } from './traffic.sim.js';

const USAGE = `Usage: npm run simulate -- [options]

  --scenario <name>     what to simulate (default traffic); one of: ${[...scenarios.keys()].join(', ')}
  --rate <n>            messages per second (default 40)
  --seed <n>            integer seed; the same seed replays the same readings (default 2016)
  --speed <n>           simulated-time multiplier (default 1)
  --start <iso>         simulated start time, e.g. 2026-11-27T07:00:00+07:00 (default now)
  --mqtt-url <url>      broker (default $MQTT_URL or mqtt://127.0.0.1:1884, the embedded broker)
  --topic-root <root>   first topic level (default ${DEFAULT_TOPIC_ROOT})
  --qos <0|1>           (default 1)
  --duration <s>        stop after this many seconds (default: run until Ctrl-C)
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
      scenario: { type: 'string', default: 'traffic' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      start: { type: 'string' },
      'mqtt-url': { type: 'string' },
      'topic-root': { type: 'string', default: DEFAULT_TOPIC_ROOT },
      qos: { type: 'string' },
      duration: { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const start = values.start === undefined ? undefined : new Date(values.start);
  if (start && Number.isNaN(start.getTime())) throw new UsageError(`invalid --start: ${values.start}`);
  if (!/^[A-Za-z0-9_-]+$/.test(values['topic-root']))
    throw new UsageError(`invalid --topic-root: ${values['topic-root']}`);
  return {
    help: values.help,
    list: values.list,
    scenario: values.scenario,
    rate: number('rate', values.rate, 40, (n) => n > 0),
    seed: number('seed', values.seed, 2016, Number.isInteger),
    speed: number('speed', values.speed, 1, (n) => n > 0),
    qos: number('qos', values.qos, 1, (n) => n === 0 || n === 1) as 0 | 1,
    duration: number('duration', values.duration, 0, (n) => n >= 0),
    startAt: start,
    mqttUrl: values['mqtt-url'] ?? process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1884',
    topicRoot: values['topic-root'],
  };
}

function statusLine(sims: RunningSimulators, startedAt: number): string {
  const s = sims.stats();
  const elapsed = Math.round((Date.now() - startedAt) / 1000);
  return `${elapsed}s  rate ${s.rate.toFixed(1)}/s  sent ${s.sent}  errors ${s.errors}  in flight ${s.inFlight}  sim ${toHanoiIso(new Date(Math.floor(s.simulatedTime.getTime() / 1000) * 1000))}`;
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
    log: { info: () => undefined, warn: (obj) => process.stderr.write(`\n${JSON.stringify(obj)}\n`) },
  });
  const startedAt = Date.now();
  process.stdout.write(
    `simulating ${args.scenario} on ${args.mqttUrl} (topic root ${args.topicRoot}, rate ${args.rate}/s, seed ${args.seed}, speed x${args.speed}, QoS ${args.qos})\n`,
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
  const { sent, errors } = sims.stats();
  process.stdout.write(`stopped: ${sent} sent, ${errors} errors\n`);
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

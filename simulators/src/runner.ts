/**
 * Publishes a scenario's messages to an MQTT broker. Timer-driven: every tick it asks the scheduler
 * what is due up to the simulated time now (round-robin devices at `rate` messages per second,
 * periodic devices each on its own period) and publishes that as one batch, so high rates work
 * without one timer per message. Simulated time runs at `speed` times the wall clock from `startAt`
 * (default: now). Optional fault injection sits between the scheduler and the broker.
 *
 * When the scenario has response units, the runner also listens for the server's commands on
 * `<root>/units/+/commands` and hands each to the units model at the simulated time it arrives: a
 * `dispatch` (the unit turns out, drives the command's road route and reports it on its feed), a
 * `recall` (it leaves that job, reports available and drives back to base) or a `set_status` (out of
 * service where it stands, or back in service).
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { parseUnitCommandTopic, unitCommandSchema, unitCommandTopicPattern } from '../../protocol/index.js';
import { createFaultInjector, type FaultInjector, type FaultKind, type TimedMessage } from './faults.js';
import { createScheduler } from './schedule.js';
import { DEFAULT_SCENARIO, getScenario } from './scenarios.js';
import type { UnitsModel } from './units.sim.js';

export interface SimulatorLog {
  info(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
}

export interface SimulatorOptions {
  mqttUrl: string;
  topicRoot: string;
  /** Messages per second of the round-robin devices (traffic detectors); periodic devices keep their own period. */
  rate: number;
  seed: number;
  /** Simulated-time multiplier (10 = ten simulated seconds per second); divides every device period. Default 1. */
  speed?: number;
  /** Default 1: a message counts as sent when the broker acknowledged it. */
  qos?: 0 | 1;
  /** Default 'city' (traffic plus every device feed). See scenarios.ts. */
  scenario?: string;
  /** Simulated time at the start. Default: now. */
  startAt?: Date;
  clientId?: string;
  /** Timer period. Default 20 ms. */
  tickMs?: number;
  /** Unacknowledged messages allowed before the runner holds back (it then falls behind the rate). */
  maxInFlight?: number;
  /** Faults to inject into the stream (see faults.ts); none by default. */
  faults?: { kinds: readonly FaultKind[]; probability?: number };
  /** Obey the server's commands on `<root>/units/+/commands` when the scenario has units. Default true. */
  obeyCommands?: boolean;
  log?: SimulatorLog;
}

export interface SimulatorStats {
  /** Messages published (acknowledged by the broker at QoS 1). */
  sent: number;
  /** The same, per feed (traffic, signals, cameras, units, network). */
  byFeed: Record<string, number>;
  errors: number;
  /** Messages dropped because the broker could not keep up (the queue was full). */
  dropped: number;
  /** Messages sent per second over the last few seconds. */
  rate: number;
  inFlight: number;
  /** Messages due but not yet handed to the broker. */
  queued: number;
  /** Messages affected by each injected fault, when fault injection is on. */
  faults?: Record<FaultKind, number>;
  /**
   * Unit commands obeyed, and those refused (invalid, or for a unit the scenario does not have); a
   * recall for a job the unit is no longer on counts as obeyed (there is nothing left to do).
   */
  commands: { obeyed: number; refused: number };
  /** The simulated time now, in Hanoi's offset. */
  simulatedTime: Date;
}

export interface RunningSimulators {
  stop(): Promise<void>;
  stats(): SimulatorStats;
}

const RATE_WINDOW_MS = 3000;
const STATUS_LOG_MS = 60_000;
const DRAIN_TIMEOUT_MS = 5000;

function validate(opts: SimulatorOptions): void {
  if (!Number.isFinite(opts.rate) || opts.rate <= 0) throw new RangeError(`rate must be > 0, got ${opts.rate}`);
  const speed = opts.speed ?? 1;
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be > 0, got ${speed}`);
  if (!Number.isInteger(opts.seed)) throw new RangeError(`seed must be an integer, got ${opts.seed}`);
}

async function connect(url: string, clientId: string): Promise<MqttClient> {
  try {
    // No retries while connecting: a wrong URL fails fast; once connected, mqtt.js reconnects.
    return await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 1000, connectTimeout: 5000 }, false);
  } catch (err) {
    throw new Error(`cannot connect to the MQTT broker at ${url}: ${(err as Error).message}`);
  }
}

/** Hands each valid command on `<root>/units/<unitId>/commands` to the units model, now. */
async function obeyUnitCommands(
  client: MqttClient,
  units: UnitsModel,
  opts: { topicRoot: string; simNowMs: () => number; counts: { obeyed: number; refused: number }; log?: SimulatorLog },
): Promise<void> {
  const { counts, log } = opts;
  const refuse = (obj: object, msg: string) => {
    counts.refused++;
    log?.warn?.(obj, msg);
  };
  client.on('message', (topic, payload) => {
    const unitId = parseUnitCommandTopic(topic, opts.topicRoot);
    if (unitId === null) return;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      return refuse({ topic }, 'unit command is not JSON; ignored');
    }
    const parsed = unitCommandSchema.safeParse(json);
    if (!parsed.success) return refuse({ topic, err: parsed.error.issues[0]?.message }, 'invalid unit command ignored');
    const c = parsed.data;
    const at = new Date(Math.floor(opts.simNowMs()));
    let what: string;
    try {
      if (c.type === 'dispatch') {
        units.dispatch({
          unitId,
          target: c.target,
          route: c.route,
          dispatchedAt: at,
          commandId: c.commandId,
          incidentId: c.incidentId,
        });
        what = 'unit dispatched';
      } else if (c.type === 'recall') {
        const recalled = units.recall({ unitId, incidentId: c.incidentId, at });
        what = recalled ? 'unit recalled' : 'unit recalled from a job it was no longer on; nothing to do';
      } else {
        units.setStatus({ unitId, status: c.status, at });
        what = c.status === 'available' ? 'unit back in service' : 'unit out of service';
      }
    } catch (err) {
      return refuse({ unitId, err: (err as Error).message }, 'command for a unit this scenario does not have; ignored');
    }
    counts.obeyed++;
    log?.info(
      { unitId, type: c.type, commandId: c.commandId, ...('incidentId' in c ? { incidentId: c.incidentId } : {}) },
      what,
    );
  });
  await client.subscribeAsync(unitCommandTopicPattern(opts.topicRoot), { qos: 1 });
}

export async function startSimulators(opts: SimulatorOptions): Promise<RunningSimulators> {
  validate(opts);
  const scenarioName = opts.scenario ?? DEFAULT_SCENARIO;
  const simStartMs = (opts.startAt ?? new Date()).getTime();
  const source = getScenario(scenarioName).create({
    seed: opts.seed,
    topicRoot: opts.topicRoot,
    startAt: new Date(simStartMs),
  });
  const speed = opts.speed ?? 1;
  const qos = opts.qos ?? 1;
  const tickMs = opts.tickMs ?? 20;
  const maxInFlight = opts.maxInFlight ?? Math.max(1000, Math.ceil(opts.rate * 2));
  const maxQueued = 10 * maxInFlight;
  const log = opts.log;
  const clientId = opts.clientId ?? `sim-${scenarioName}-${randomBytes(4).toString('hex')}`;
  const injector: FaultInjector | undefined =
    opts.faults && opts.faults.kinds.length > 0 ? createFaultInjector({ ...opts.faults, seed: opts.seed }) : undefined;

  const client = await connect(opts.mqttUrl, clientId);
  let lastError = '';
  client.on('error', (err) => {
    if (err.message !== lastError) log?.warn?.({ err: err.message }, 'MQTT error');
    lastError = err.message;
  });

  const realStart = performance.now();
  const simNowMs = () => simStartMs + (performance.now() - realStart) * speed;
  const commands = { obeyed: 0, refused: 0 };
  if (source.units && (opts.obeyCommands ?? true))
    await obeyUnitCommands(client, source.units, { topicRoot: opts.topicRoot, simNowMs, counts: commands, log });
  const scheduler = createScheduler(source, { rate: opts.rate, speed, startMs: simStartMs });

  let sent = 0;
  const byFeed: Record<string, number> = {};
  let errors = 0;
  let dropped = 0;
  let inFlight = 0;
  let queue: TimedMessage[] = [];
  const window: Array<{ t: number; sent: number }> = [{ t: realStart, sent: 0 }];
  let drained: (() => void) | undefined;

  const onPublished = (feed: string) => (err?: Error) => {
    inFlight--;
    if (err) {
      errors++;
      if (err.message !== lastError) log?.warn?.({ err: err.message }, 'publish failed');
      lastError = err.message;
    } else {
      sent++;
      byFeed[feed] = (byFeed[feed] ?? 0) + 1;
    }
    if (inFlight === 0) drained?.();
  };

  function tick(): void {
    const now = performance.now();
    const batch: TimedMessage[] = [];
    for (const slot of scheduler.advance(Math.floor(simNowMs()), Math.max(0, maxInFlight - inFlight - queue.length))) {
      try {
        const message = scheduler.build(slot);
        if (message) batch.push({ at: slot.at, message });
      } catch (err) {
        errors++;
        log?.warn?.({ err: (err as Error).message, slot }, 'scenario failed to build a message');
      }
    }
    for (const m of injector ? injector.apply(batch) : batch) queue.push(m); // no spread: batches can be large
    if (queue.length > maxQueued) {
      dropped += queue.length - maxQueued;
      queue = queue.slice(queue.length - maxQueued);
    }
    const room = Math.max(0, maxInFlight - inFlight);
    const publishing = queue.length <= room ? queue : queue.slice(0, room);
    queue = queue.length <= room ? [] : queue.slice(room);
    for (const { message } of publishing) {
      inFlight++;
      client.publish(message.topic, message.payload, { qos }, onPublished(message.feed));
    }
    window.push({ t: now, sent });
    while (window.length > 2 && (window[0] as { t: number }).t < now - RATE_WINDOW_MS) window.shift();
  }

  const timer = setInterval(tick, tickMs);
  const statusTimer = setInterval(() => log?.info(stats(), 'simulators running'), STATUS_LOG_MS);
  statusTimer.unref();
  log?.info(
    {
      scenario: scenarioName,
      devices: source.size + (source.periodic ?? []).reduce((n, g) => n + g.size, 0),
      rate: opts.rate,
      // What the periodic devices add, messages per wall-clock second: it grows with the speed.
      deviceRate: Math.round((source.periodic ?? []).reduce((r, g) => r + (g.size * 1000 * speed) / g.periodMs, 0)),
      seed: opts.seed,
      speed,
      qos,
      url: opts.mqttUrl,
      ...(injector ? { faults: opts.faults } : {}),
    },
    'simulators started',
  );

  function stats(): SimulatorStats {
    const first = window[0] as { t: number; sent: number };
    const last = window[window.length - 1] as { t: number; sent: number };
    const span = (last.t - first.t) / 1000;
    return {
      sent,
      byFeed: { ...byFeed },
      errors,
      dropped,
      rate: span > 0 ? Math.round(((last.sent - first.sent) / span) * 10) / 10 : 0,
      inFlight,
      queued: queue.length,
      ...(injector ? { faults: injector.counts() } : {}),
      commands: { ...commands },
      simulatedTime: new Date(simNowMs()),
    };
  }

  let stopping: Promise<void> | undefined;
  return {
    stats,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        clearInterval(statusTimer);
        if (inFlight > 0) {
          await new Promise<void>((resolve) => {
            drained = resolve;
            setTimeout(resolve, DRAIN_TIMEOUT_MS).unref();
          });
        }
        await client.endAsync(inFlight > 0);
        log?.info({ sent, errors, unacknowledged: inFlight }, 'simulators stopped');
      })();
      return stopping;
    },
  };
}

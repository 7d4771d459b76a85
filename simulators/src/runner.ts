/**
 * Publishes a scenario's messages to an MQTT broker at a steady rate. Timer-driven: every tick it
 * works out how many messages are due since the start and publishes them as one batch, visiting the
 * devices round-robin, so high rates work without one timer per message. Simulated time runs at
 * `speed` times the wall clock from `startAt` (default: now).
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { getScenario } from './scenarios.js';

export interface SimulatorLog {
  info(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
}

export interface SimulatorOptions {
  mqttUrl: string;
  topicRoot: string;
  /** Messages per second, across all devices. */
  rate: number;
  seed: number;
  /** Simulated-time multiplier (10 = ten simulated seconds per second). Default 1. */
  speed?: number;
  /** Default 1: a message counts as sent when the broker acknowledged it. */
  qos?: 0 | 1;
  /** Default 'traffic'. See scenarios.ts. */
  scenario?: string;
  /** Simulated time at the start. Default: now. */
  startAt?: Date;
  clientId?: string;
  /** Timer period. Default 20 ms. */
  tickMs?: number;
  /** Unacknowledged messages allowed before the runner holds back (it then falls behind the rate). */
  maxInFlight?: number;
  log?: SimulatorLog;
}

export interface SimulatorStats {
  /** Messages published (acknowledged by the broker at QoS 1). */
  sent: number;
  errors: number;
  /** Messages sent per second over the last few seconds. */
  rate: number;
  inFlight: number;
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

export async function startSimulators(opts: SimulatorOptions): Promise<RunningSimulators> {
  validate(opts);
  const scenarioName = opts.scenario ?? 'traffic';
  const source = getScenario(scenarioName).create({ seed: opts.seed, topicRoot: opts.topicRoot });
  const speed = opts.speed ?? 1;
  const qos = opts.qos ?? 1;
  const tickMs = opts.tickMs ?? 20;
  const maxInFlight = opts.maxInFlight ?? Math.max(1000, Math.ceil(opts.rate * 2));
  const log = opts.log;
  const clientId = opts.clientId ?? `sim-${scenarioName}-${randomBytes(4).toString('hex')}`;

  const client = await connect(opts.mqttUrl, clientId);
  let lastError = '';
  client.on('error', (err) => {
    if (err.message !== lastError) log?.warn?.({ err: err.message }, 'MQTT error');
    lastError = err.message;
  });

  const realStart = performance.now();
  const simStartMs = (opts.startAt ?? new Date()).getTime();
  const simNowMs = () => simStartMs + (performance.now() - realStart) * speed;
  // Each device's last observation time, so two messages of one device never share a timestamp
  // (the server would store the second as a duplicate).
  const lastAt = new Float64Array(source.size).fill(-Infinity);

  let sent = 0;
  let errors = 0;
  let inFlight = 0;
  let cursor = 0;
  let due = 0;
  let lastTick = realStart;
  const window: Array<{ t: number; sent: number }> = [{ t: realStart, sent: 0 }];
  let drained: (() => void) | undefined;

  const onPublished = (err?: Error) => {
    inFlight--;
    if (err) {
      errors++;
      if (err.message !== lastError) log?.warn?.({ err: err.message }, 'publish failed');
      lastError = err.message;
    } else sent++;
    if (inFlight === 0) drained?.();
  };

  function tick(): void {
    const now = performance.now();
    // Catch up after a stalled event loop, but never by more than one second's worth.
    due = Math.min(due + ((now - lastTick) / 1000) * opts.rate, Math.max(opts.rate, 1));
    lastTick = now;
    const simMs = Math.floor(simNowMs());
    while (due >= 1 && inFlight < maxInFlight) {
      due--;
      const index = cursor;
      cursor = (cursor + 1) % source.size;
      const at = Math.max(simMs, (lastAt[index] as number) + 1);
      lastAt[index] = at;
      let msg;
      try {
        msg = source.message(index, new Date(at));
      } catch (err) {
        errors++;
        log?.warn?.({ err: (err as Error).message, index }, 'scenario failed to build a message');
        continue;
      }
      inFlight++;
      client.publish(msg.topic, msg.payload, { qos }, onPublished);
    }
    window.push({ t: now, sent });
    while (window.length > 2 && (window[0] as { t: number }).t < now - RATE_WINDOW_MS) window.shift();
  }

  const timer = setInterval(tick, tickMs);
  const statusTimer = setInterval(() => log?.info(stats(), 'simulators running'), STATUS_LOG_MS);
  statusTimer.unref();
  log?.info(
    { scenario: scenarioName, devices: source.size, rate: opts.rate, seed: opts.seed, speed, qos, url: opts.mqttUrl },
    'simulators started',
  );

  function stats(): SimulatorStats {
    const first = window[0] as { t: number; sent: number };
    const last = window[window.length - 1] as { t: number; sent: number };
    const span = (last.t - first.t) / 1000;
    return {
      sent,
      errors,
      rate: span > 0 ? Math.round(((last.sent - first.sent) / span) * 10) / 10 : 0,
      inFlight,
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

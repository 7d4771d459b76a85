/**
 * The scenario registry: each scenario is a set of simulated devices and the MQTT messages they
 * publish, plus the HTTP agency feeds it plays beside them. Round-robin devices (traffic detectors)
 * share the runner's `rate`; periodic devices (signals, cameras, units, network) report on their own
 * period of simulated time. The CLI and the server's in-process simulators pick a scenario by name.
 * A new device kind adds its model file and one entry here.
 */
import { deviceTopic, trafficTopic, type DeviceFeed } from '../../protocol/index.js';
import type { AgencyFeed } from './agencies/http-runner.js';
import { createCamerasModel } from './cameras.sim.js';
import type { DeviceModel } from './device.js';
import { ring2Crash } from './linked/ring2-crash.js';
import { createNetworkModel } from './network.sim.js';
import { createSignalsModel } from './signals.sim.js';
import { createTrafficModel, type Disruption } from './traffic.sim.js';
import { createUnitsModel, type UnitsModel } from './units.sim.js';

export interface SimMessage {
  /** `traffic`, `signals`, `cameras`, `units` or `network`: for counts per feed. */
  feed: string;
  topic: string;
  payload: string;
}

/** Devices of one feed that all report every `periodMs` of simulated time. */
export interface PeriodicGroup {
  readonly feed: string;
  readonly periodMs: number;
  readonly size: number;
  /** The report of member `index` at `at`, or undefined while that device is silent. Pure. */
  message(index: number, at: Date): SimMessage | undefined;
}

/** A running scenario: its devices, each able to say what it reports at a given time. */
export interface ScenarioSource {
  /** Number of round-robin devices, visited in turn at the runner's rate (0: none). */
  readonly size: number;
  /** The message of round-robin device `index` (0 <= index < size) at simulated time `at`. Pure. */
  message(index: number, at: Date): SimMessage;
  /** Devices that report on their own period, whatever the rate. */
  readonly periodic?: readonly PeriodicGroup[];
  /** The units model, when the scenario has one: the dispatch hook. */
  readonly units?: UnitsModel;
}

/** A report a scenario scripts for an agency feed, posted at simulated time `at`. */
export interface ScriptedReport {
  feed: AgencyFeed;
  at: string;
  report: object;
}

export interface ScenarioOptions {
  seed: number;
  topicRoot: string;
  /** Simulated time at the start: scripted events (the linked scenario's crash) are placed from it. */
  startAt: Date;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Whether it has devices for the MQTT runner (an agencies-only scenario has none). */
  readonly devices: boolean;
  /** The device messages, for the MQTT runner. */
  create(opts: ScenarioOptions): ScenarioSource;
  /** The HTTP agency feeds the scenario plays (hotline calls, crime, backlogs); none when empty. */
  readonly agencies: readonly AgencyFeed[];
  /** Reports the scenario scripts on top of the agency models, for the window [from, to). Pure. */
  script?(opts: Omit<ScenarioOptions, 'topicRoot'>): (from: Date, to: Date) => ScriptedReport[];
}

type AnyDeviceModel = { [F in DeviceFeed]: DeviceModel<F> }[DeviceFeed];

/** A device model's devices as periodic groups, one per distinct period. */
export function periodicGroups(model: AnyDeviceModel, topicRoot: string): PeriodicGroup[] {
  const byPeriod = new Map<number, number[]>();
  model.devices.forEach((d, i) => byPeriod.set(d.periodSeconds, [...(byPeriod.get(d.periodSeconds) ?? []), i]));
  return [...byPeriod].map(([periodSeconds, members]) => ({
    feed: model.feed,
    periodMs: periodSeconds * 1000,
    size: members.length,
    message(index, at) {
      const device = members[index];
      if (device === undefined) throw new RangeError(`no ${model.feed} device ${index}`);
      if (model.silentAt?.(device, at)) return undefined;
      const { deviceId, report } = model.report(device, at);
      return { feed: model.feed, topic: deviceTopic(model.feed, deviceId, topicRoot), payload: JSON.stringify(report) };
    },
  }));
}

const noRoundRobin = (index: number): never => {
  throw new RangeError(`this scenario has no round-robin device ${index}`);
};

function trafficSource(
  seed: number,
  topicRoot: string,
  disruptions?: readonly Disruption[],
): Pick<ScenarioSource, 'size' | 'message'> {
  const model = createTrafficModel({ seed, disruptions });
  return {
    size: model.detectors.length,
    message(index, at) {
      const { detectorId, reading } = model.reading(index, at);
      return { feed: 'traffic', topic: trafficTopic(detectorId, topicRoot), payload: JSON.stringify(reading) };
    },
  };
}

const DEVICE_SCENARIOS: ReadonlyArray<{ feed: DeviceFeed; description: string; create(seed: number): AnyDeviceModel }> =
  [
    {
      feed: 'signals',
      description: '60 traffic-signal controllers at intersections: time-of-day plans, faults (every 30 s)',
      create: (seed) => createSignalsModel({ seed }),
    },
    {
      feed: 'cameras',
      description: '40 corridor cameras: vehicle counts, snapshots, offline spells (every 60 s)',
      create: (seed) => createCamerasModel({ seed }),
    },
    {
      feed: 'units',
      description: '30 police patrols on the roads, 10 fire engines, 20 ambulances (every 5 s)',
      create: (seed) => createUnitsModel({ seed }),
    },
    {
      feed: 'network',
      description: "584 commune WAN nodes (every 60 s) and 20 of the centre's devices (every 30 s)",
      create: (seed) => createNetworkModel({ seed }),
    },
  ];

const ALL_AGENCIES: readonly AgencyFeed[] = ['incidents', 'crime', 'backlog'];

const traffic: Scenario = {
  name: 'traffic',
  devices: true,
  agencies: [],
  description: 'road-segment detectors on the ring roads, arteries, expressways and bridges (flow, speed, occupancy)',
  create: ({ seed, topicRoot }) => trafficSource(seed, topicRoot),
};

const deviceScenarios: Scenario[] = DEVICE_SCENARIOS.map((s) => ({
  name: s.feed,
  description: `${s.description}; --rate does not apply`,
  devices: true,
  agencies: [],
  create({ seed, topicRoot }) {
    const model = s.create(seed);
    return {
      size: 0,
      message: noRoundRobin,
      periodic: periodicGroups(model, topicRoot),
      ...(model.feed === 'units' ? { units: model as UnitsModel } : {}),
    };
  },
}));

/** Every device of the city; with a disruption, the traffic model and units play it out. */
function citySource({ seed, topicRoot }: ScenarioOptions, crash?: ReturnType<typeof ring2Crash>): ScenarioSource {
  const models = DEVICE_SCENARIOS.map((s) => s.create(seed));
  const units = models.find((m): m is UnitsModel => m.feed === 'units');
  if (crash && units) crash.dispatchUnits(units);
  return {
    ...trafficSource(seed, topicRoot, crash ? [crash.disruption] : undefined),
    periodic: models.flatMap((m) => periodicGroups(m, topicRoot)),
    units,
  };
}

const city: Scenario = {
  name: 'city',
  description:
    'traffic at --rate, plus signals, cameras, units and network, each device on its own period, and the agencies: hotline calls, crime reports, commune backlogs over HTTP',
  devices: true,
  agencies: ALL_AGENCIES,
  create: (opts) => citySource(opts),
};

const ring2CrashScenario: Scenario = {
  name: 'ring2-crash',
  description:
    'the city, and 2 simulated minutes in a crash on Ring Road 2 (Trường Chinh): the road crawls, the queue spreads upstream every 6 minutes (congestion alarms), 113/115 calls follow (an incident and its duplicate), the nearest patrol and ambulance drive there; clears after 40 minutes',
  devices: true,
  agencies: ALL_AGENCIES,
  create: (opts) => citySource(opts, ring2Crash(opts)),
  script(opts) {
    const crash = ring2Crash(opts);
    return (from, to) => crash.callsIn(from, to).map((c) => ({ feed: 'incidents' as const, ...c }));
  },
};

const agencies: Scenario = {
  name: 'agencies',
  description: 'only the agencies over HTTP: hotline calls, crime reports and commune backlogs (no devices)',
  devices: false,
  agencies: ALL_AGENCIES,
  create: () => ({ size: 0, message: noRoundRobin }),
};

export const DEFAULT_SCENARIO = 'city';

export const scenarios: ReadonlyMap<string, Scenario> = new Map(
  [city, ring2CrashScenario, traffic, ...deviceScenarios, agencies].map((s) => [s.name, s]),
);

export const scenarioNames = (): string[] => [...scenarios.keys()];

export class UnknownScenarioError extends Error {
  constructor(readonly scenario: string) {
    super(`unknown scenario "${scenario}"; available: ${scenarioNames().join(', ')}`);
    this.name = 'UnknownScenarioError';
  }
}

/** The scenario of that name, or an UnknownScenarioError that lists the available ones. */
export function getScenario(name: string): Scenario {
  const found = scenarios.get(name);
  if (!found) throw new UnknownScenarioError(name);
  return found;
}

/**
 * The scenario registry: each scenario is a set of simulated devices and the MQTT messages they
 * publish. Round-robin devices (traffic detectors) share the runner's `rate`; periodic devices
 * (signals, cameras, units, network) report on their own period of simulated time. The CLI picks a
 * scenario by name. A new device kind adds its model file and one entry here.
 */
import { deviceTopic, trafficTopic, type DeviceFeed } from '../../protocol/index.js';
import { createCamerasModel } from './cameras.sim.js';
import type { DeviceModel } from './device.js';
import { createNetworkModel } from './network.sim.js';
import { createSignalsModel } from './signals.sim.js';
import { createTrafficModel } from './traffic.sim.js';
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

export interface Scenario {
  readonly name: string;
  readonly description: string;
  create(opts: { seed: number; topicRoot: string }): ScenarioSource;
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

function trafficSource(seed: number, topicRoot: string): Pick<ScenarioSource, 'size' | 'message'> {
  const model = createTrafficModel({ seed });
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

const traffic: Scenario = {
  name: 'traffic',
  description: 'road-segment detectors on the ring roads, arteries, expressways and bridges (flow, speed, occupancy)',
  create: ({ seed, topicRoot }) => trafficSource(seed, topicRoot),
};

const deviceScenarios: Scenario[] = DEVICE_SCENARIOS.map((s) => ({
  name: s.feed,
  description: `${s.description}; --rate does not apply`,
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

const city: Scenario = {
  name: 'city',
  description: 'traffic at --rate, plus signals, cameras, units and network, each device on its own period',
  create({ seed, topicRoot }) {
    const models = DEVICE_SCENARIOS.map((s) => s.create(seed));
    return {
      ...trafficSource(seed, topicRoot),
      periodic: models.flatMap((m) => periodicGroups(m, topicRoot)),
      units: models.find((m): m is UnitsModel => m.feed === 'units'),
    };
  },
};

export const DEFAULT_SCENARIO = 'city';

export const scenarios: ReadonlyMap<string, Scenario> = new Map(
  [city, traffic, ...deviceScenarios].map((s) => [s.name, s]),
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

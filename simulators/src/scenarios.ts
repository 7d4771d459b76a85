/**
 * The scenario registry: each scenario is a set of simulated devices and the MQTT messages they
 * publish. The runner visits a scenario's devices round-robin; the CLI picks one by name. A new
 * device kind adds its model file and one entry here.
 */
import { trafficTopic } from '../../protocol/index.js';
import { createTrafficModel } from './traffic.sim.js';

export interface SimMessage {
  topic: string;
  payload: string;
}

/** A running scenario: a fixed list of devices, each able to say what it reports at a given time. */
export interface ScenarioSource {
  /** Number of devices, visited round-robin by the runner. */
  readonly size: number;
  /** The message of device `index` (0 <= index < size) at simulated time `at`. Pure. */
  message(index: number, at: Date): SimMessage;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  create(opts: { seed: number; topicRoot: string }): ScenarioSource;
}

const traffic: Scenario = {
  name: 'traffic',
  description: 'road-segment detectors on the ring roads, arteries, expressways and bridges (flow, speed, occupancy)',
  create({ seed, topicRoot }) {
    const model = createTrafficModel({ seed });
    return {
      size: model.detectors.length,
      message(index, at) {
        const { detectorId, reading } = model.reading(index, at);
        return { topic: trafficTopic(detectorId, topicRoot), payload: JSON.stringify(reading) };
      },
    };
  },
};

export const scenarios: ReadonlyMap<string, Scenario> = new Map([[traffic.name, traffic]]);

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

import type { Logger } from '../platform/log.js';
import type { Metrics } from '../platform/metrics.js';
import type { MessageHandler } from '../platform/mqtt/subscriber.js';
import type { QuarantineService } from '../modules/quarantine/quarantine.service.js';
import type { Parsed } from './parse.js';

/** One device feed arriving over MQTT. */
export interface MqttFeed<T> {
  name: string;
  /** Subscription pattern, e.g. `hanoi/traffic/+`. */
  pattern: string;
  /** True when the topic belongs to this feed. */
  matches(topic: string): boolean;
  parse(topic: string, payload: Buffer): Parsed<T>;
  /** Resolves once the value is committed. */
  accept(value: T): Promise<void>;
}

/**
 * Routes each MQTT message to its feed: validate at the edge, then either the pipeline or the
 * quarantine. The returned promise resolves when the message may be acknowledged.
 */
export function createMqttIngest(deps: {
  feeds: MqttFeed<unknown>[];
  quarantine: QuarantineService;
  metrics: Metrics;
  log: Logger;
}): {
  patterns: string[];
  handle: MessageHandler;
} {
  return {
    patterns: deps.feeds.map((f) => f.pattern),
    async handle(topic, payload) {
      const feed = deps.feeds.find((f) => f.matches(topic));
      if (!feed) {
        deps.log.warn({ topic }, 'message on a topic no feed claims');
        return;
      }
      deps.metrics.received.inc({ feed: feed.name });
      const parsed = feed.parse(topic, payload);
      if (parsed.ok) await feed.accept(parsed.value);
      else await deps.quarantine.reject(feed.name, topic, payload, parsed.reason);
    },
  };
}

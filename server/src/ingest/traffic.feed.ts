import {
  deviceIdSchema,
  parseTrafficTopic,
  trafficReadingSchema,
  trafficTopicPattern,
} from '../../../protocol/index.js';
import type { Logger } from '../platform/log.js';
import type { QuarantineService } from '../modules/quarantine/quarantine.service.js';
import type { ReadingRow } from '../modules/traffic/traffic.repository.js';
import { TRAFFIC_FEED, toReadingRow, type TrafficService } from '../modules/traffic/traffic.service.js';
import { BatchWriter } from './batch-writer.js';
import type { MqttFeed } from './mqtt.ingest.js';
import { parseJsonPayload, rejectWith } from './parse.js';

/** `hanoi/traffic/<detectorId>`: validated readings go to the traffic service in batches. */
export function createTrafficFeed(deps: {
  topicRoot: string;
  traffic: TrafficService;
  quarantine: QuarantineService;
  batch: { maxRows: number; maxWaitMs: number };
  log: Logger;
}): MqttFeed<ReadingRow> & { close(): Promise<void> } {
  const writer = new BatchWriter<ReadingRow>({
    name: TRAFFIC_FEED,
    ...deps.batch,
    write: async (rows) => {
      await deps.traffic.storeBatch(rows);
    },
    reject: (row, err) =>
      deps.quarantine.reject(
        TRAFFIC_FEED,
        `${deps.topicRoot}/traffic/${row.detectorId}`,
        Buffer.from(JSON.stringify(row)),
        {
          message: `refused by the database: ${err.message}`,
          issues: [{ path: [], code: 'database_refused', message: err.message }],
        },
      ),
    log: deps.log.child({ scope: 'pipeline' }),
  });

  return {
    name: TRAFFIC_FEED,
    pattern: trafficTopicPattern(deps.topicRoot),
    matches: (topic) => parseTrafficTopic(topic, deps.topicRoot) !== null,
    parse(topic, payload) {
      const id = deviceIdSchema.safeParse(parseTrafficTopic(topic, deps.topicRoot));
      if (!id.success) return rejectWith('invalid_detector_id', id.error.issues[0]!.message, ['topic']);
      const reading = parseJsonPayload(payload, trafficReadingSchema);
      return reading.ok ? { ok: true, value: toReadingRow(id.data, reading.value) } : reading;
    },
    accept: (row) => writer.submit(row),
    close: () => writer.close(),
  };
}

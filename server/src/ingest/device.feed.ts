import {
  deviceIdSchema,
  deviceSchemas,
  deviceTopicPattern,
  parseDeviceTopic,
  type DeviceFeed,
  type DeviceReports,
  type LonLat,
} from '../../../protocol/index.js';
import type { Logger } from '../platform/log.js';
import type { DeviceReportRow } from '../modules/devices/devices.repository.js';
import type { DevicesService } from '../modules/devices/devices.service.js';
import type { QuarantineService } from '../modules/quarantine/quarantine.service.js';
import { BatchWriter } from './batch-writer.js';
import type { MqttFeed } from './mqtt.ingest.js';
import { parseJsonPayload, rejectWith, type Parsed } from './parse.js';

/**
 * How often a device of each feed is expected to report, in seconds, when its reports don't say
 * (network heartbeats carry expectedIntervalSeconds). Past it, times the watchdog's grace, the
 * device is marked silent.
 */
export const EXPECTED_INTERVAL_S: Record<Exclude<DeviceFeed, 'network'>, number> = {
  signals: 60,
  cameras: 120,
  units: 30,
};

/** Where a device is when its report has no location (a commune node: its commune's anchor). */
export type Placer<F extends DeviceFeed> = (report: DeviceReports[F]) => Parsed<LonLat | null>;

/** `hanoi/<feed>/<deviceId>` for one device feed: validated reports go to the devices service in batches. */
export function createDeviceFeed<F extends DeviceFeed>(
  feed: F,
  deps: {
    topicRoot: string;
    devices: DevicesService;
    quarantine: QuarantineService;
    batch: { maxRows: number; maxWaitMs: number };
    place?: Placer<F>;
    log: Logger;
  },
): MqttFeed<DeviceReportRow<F>> & { close(): Promise<void> } {
  const schema = deviceSchemas[feed];
  const writer = new BatchWriter<DeviceReportRow<F>>({
    name: feed,
    ...deps.batch,
    write: (rows) => deps.devices.storeBatch(feed, rows),
    reject: (row, err) =>
      deps.quarantine.reject(feed, `${deps.topicRoot}/${feed}/${row.deviceId}`, Buffer.from(JSON.stringify(row)), {
        message: `refused by the database: ${err.message}`,
        issues: [{ path: [], code: 'database_refused', message: err.message }],
      }),
    log: deps.log.child({ scope: 'pipeline' }),
  });

  const expectedInterval = (report: DeviceReports[F]): number =>
    'expectedIntervalSeconds' in report
      ? report.expectedIntervalSeconds
      : EXPECTED_INTERVAL_S[feed as Exclude<DeviceFeed, 'network'>];

  return {
    name: feed,
    pattern: deviceTopicPattern(feed, deps.topicRoot),
    matches: (topic) => parseDeviceTopic(topic, feed, deps.topicRoot) !== null,
    parse(topic, payload) {
      const id = deviceIdSchema.safeParse(parseDeviceTopic(topic, feed, deps.topicRoot));
      if (!id.success) return rejectWith('invalid_device_id', id.error.issues[0]!.message, ['topic']);
      const parsed = parseJsonPayload(payload, schema);
      if (!parsed.ok) return parsed;
      const report = parsed.value as DeviceReports[F];
      const located = report.location ? { ok: true as const, value: report.location.coordinates as LonLat } : undefined;
      const position = located ?? deps.place?.(report) ?? { ok: true as const, value: null };
      if (!position.ok) return position;
      return {
        ok: true,
        value: {
          deviceId: id.data,
          observedAt: report.dateObserved,
          report,
          position: position.value,
          expectedIntervalS: expectedInterval(report),
        },
      };
    },
    accept: (row) => writer.submit(row),
    close: () => writer.close(),
  };
}

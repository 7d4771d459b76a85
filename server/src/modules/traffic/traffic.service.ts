import { layerRoom, type TrafficReading, type TrafficState } from '../../../../protocol/index.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Broadcaster } from '../../platform/realtime/broadcaster.js';
import { liveSource, type LiveSource } from '../session/session.service.js';
import type { ReadingRow, TrafficRepository } from './traffic.repository.js';

export const TRAFFIC_FEED = 'traffic';

export function toReadingRow(detectorId: string, r: TrafficReading): ReadingRow {
  return {
    detectorId,
    observedAt: r.dateObserved,
    segmentId: r.refRoadSegment ?? null,
    intensity: r.intensity ?? null,
    speed: r.averageVehicleSpeed ?? null,
    occupancy: r.occupancy ?? null,
    position: r.location ? [r.location.coordinates[0], r.location.coordinates[1]] : null,
  };
}

/** Traffic detectors: store readings in batches, then stream what was new to the traffic layer. */
export function createTrafficService(deps: { repo: TrafficRepository; broadcaster: Broadcaster; metrics: Metrics }) {
  const { repo, broadcaster, metrics } = deps;
  return {
    async storeBatch(rows: ReadingRow[]): Promise<TrafficState[]> {
      const done = metrics.batchWrite.startTimer({ feed: TRAFFIC_FEED });
      const stored = await repo.storeBatch(rows);
      done();
      metrics.batchRows.observe({ feed: TRAFFIC_FEED }, rows.length);
      metrics.stored.inc({ feed: TRAFFIC_FEED }, stored.length);
      metrics.duplicates.inc({ feed: TRAFFIC_FEED }, rows.length - stored.length);
      broadcaster.publish(layerRoom('traffic'), 'traffic:updated', stored);
      return stored;
    },
    /** What a (re)connecting console needs from the traffic layer. */
    source: (): LiveSource => liveSource('traffic', { head: repo.head, snapshot: repo.latest, since: repo.since }),
  };
}

export type TrafficService = ReturnType<typeof createTrafficService>;

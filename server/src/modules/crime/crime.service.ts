import { layerRoom, type CrimeReport, type CrimeState } from '../../../../protocol/index.js';
import type { Accepted } from '../../ingest/http.ingest.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Broadcaster } from '../../platform/realtime/broadcaster.js';
import { liveSource, type LiveSource } from '../session/session.service.js';
import type { CrimeRecord, CrimeRepository } from './crime.repository.js';

const round = (v: number, decimals: number) => Number(v.toFixed(decimals));

/**
 * What a console may see of a crime: the position generalised by the report's privacy level
 * (public: 3 decimals, about 100 m; restricted: 2 decimals, about 1 km; confidential: the district's
 * label point). Exact places, descriptions and persons never leave the server this way.
 */
export function generalise(c: CrimeRecord, districtLabel: (code: string) => [number, number] | undefined): CrimeState {
  const district = c.districtCode ? districtLabel(c.districtCode) : undefined;
  const [position, precision]: [CrimeState['position'], CrimeState['precision']] =
    c.privacy === 'public'
      ? [[round(c.lon, 3), round(c.lat, 3)], '100m']
      : c.privacy === 'restricted'
        ? [[round(c.lon, 2), round(c.lat, 2)], '1km']
        : [district ?? null, 'district'];
  return {
    seq: c.seq,
    id: c.id,
    category: c.category,
    status: c.status,
    privacy: c.privacy,
    districtCode: c.districtCode,
    position,
    precision,
    dateObserved: c.dateObserved,
  };
}

export const CRIME_FEED = 'crime';

export function createCrimeService(deps: {
  repo: CrimeRepository;
  districtOf: (point: [number, number]) => string | null;
  districtLabel: (code: string) => [number, number] | undefined;
  broadcaster: Broadcaster;
  metrics: Metrics;
}) {
  const toState = (c: CrimeRecord) => generalise(c, deps.districtLabel);
  return {
    async report(report: CrimeReport, agency: string): Promise<Accepted> {
      const done = deps.metrics.batchWrite.startTimer({ feed: CRIME_FEED });
      const where = report.location.coordinates as [number, number];
      const { record, changed } = await deps.repo.store(agency, report, deps.districtOf(where));
      done();
      if (changed) {
        deps.metrics.stored.inc({ feed: CRIME_FEED });
        deps.broadcaster.publish(layerRoom('crime'), 'crime:updated', [toState(record)]);
      } else deps.metrics.duplicates.inc({ feed: CRIME_FEED });
      return { id: record.id, seq: record.seq };
    },

    source: (): LiveSource =>
      liveSource('crime', {
        head: deps.repo.head,
        snapshot: async () => (await deps.repo.recent(30)).map(toState),
        since: async (seq, limit) => (await deps.repo.since(seq, limit)).map(toState),
      }),
  };
}

export type CrimeService = ReturnType<typeof createCrimeService>;

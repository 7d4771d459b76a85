import { layerRoom, type IncidentReport } from '../../../../protocol/index.js';
import type { Accepted } from '../../ingest/http.ingest.js';
import type { Logger } from '../../platform/log.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Broadcaster } from '../../platform/realtime/broadcaster.js';
import { liveSource, type LiveSource } from '../session/session.service.js';
import type { IncidentsRepository } from './incidents.repository.js';

export const INCIDENTS_FEED = 'incidents';

/** Where a report is, from its location or its address (geo/locate.ts). */
export type Locate = (report: IncidentReport) => {
  position: [number, number] | null;
  approximate: boolean;
  districtCode: string | null;
};

/** Incidents reported by the hotlines and agencies: store each once, link duplicates, stream them. */
export function createIncidentsService(deps: {
  repo: IncidentsRepository;
  locate: Locate;
  broadcaster: Broadcaster;
  metrics: Metrics;
  log: Logger;
}) {
  const log = deps.log.child({ scope: 'incidents' });
  return {
    async report(report: IncidentReport, agency: string): Promise<Accepted & { duplicateOf: string | null }> {
      const where = deps.locate(report);
      const done = deps.metrics.batchWrite.startTimer({ feed: INCIDENTS_FEED });
      const { state, created } = await deps.repo.store({
        agency,
        report,
        position: where.position,
        positionApproximate: where.approximate,
        districtCode: where.districtCode,
      });
      done();
      if (created) {
        deps.metrics.stored.inc({ feed: INCIDENTS_FEED });
        deps.broadcaster.publish(layerRoom('incidents'), 'incidents:updated', [state]);
        log.info(
          { id: state.id, agency, category: state.category, severity: state.severity, duplicateOf: state.duplicateOf },
          'incident reported',
        );
      } else {
        deps.metrics.duplicates.inc({ feed: INCIDENTS_FEED });
      }
      return { id: state.id, seq: state.seq, duplicateOf: state.duplicateOf };
    },

    source: (): LiveSource =>
      liveSource('incidents', { head: deps.repo.head, snapshot: deps.repo.open, since: deps.repo.since }),
  };
}

export type IncidentsService = ReturnType<typeof createIncidentsService>;

import { layerRoom, type BacklogBatchAccepted, type BacklogReport } from '../../../../protocol/index.js';
import type { Accepted } from '../../ingest/http.ingest.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Broadcaster } from '../../platform/realtime/broadcaster.js';
import { liveSource, type LiveSource } from '../session/session.service.js';
import type { BacklogRepository } from './backlog.repository.js';

export const BACKLOG_FEED = 'backlog';

/** Dossier backlogs per commune and sector: keep every report once, stream the latest figures. */
export function createBacklogService(deps: {
  repo: BacklogRepository;
  districtOfCommune: (communeCode: string) => string | null;
  broadcaster: Broadcaster;
  metrics: Metrics;
}) {
  return {
    async report(report: BacklogReport, agency: string): Promise<Accepted> {
      const done = deps.metrics.batchWrite.startTimer({ feed: BACKLOG_FEED });
      const stored = await deps.repo.store(agency, report, deps.districtOfCommune(report.communeCode));
      done();
      deps.metrics[stored.created ? 'stored' : 'duplicates'].inc({ feed: BACKLOG_FEED });
      if (stored.state) deps.broadcaster.publish(layerRoom('backlog'), 'backlog:updated', [stored.state]);
      return { id: `${report.communeCode}:${report.sector}`, seq: stored.seq };
    },

    /**
     * A batch, stored in one statement (all or nothing) and streamed as one frame: the latest figures
     * of every commune and sector it moved forward.
     */
    async reportMany(reports: readonly BacklogReport[], agency: string): Promise<BacklogBatchAccepted> {
      const done = deps.metrics.batchWrite.startTimer({ feed: BACKLOG_FEED });
      const districts = reports.map((r) => deps.districtOfCommune(r.communeCode));
      const { created, states } = await deps.repo.storeMany(agency, reports, districts);
      done();
      deps.metrics.batchRows.observe({ feed: BACKLOG_FEED }, reports.length);
      if (created > 0) deps.metrics.stored.inc({ feed: BACKLOG_FEED }, created);
      if (created < reports.length) deps.metrics.duplicates.inc({ feed: BACKLOG_FEED }, reports.length - created);
      if (states.length > 0) deps.broadcaster.publish(layerRoom('backlog'), 'backlog:updated', states);
      return { accepted: true, count: reports.length, stored: created, duplicates: reports.length - created };
    },

    source: (): LiveSource =>
      liveSource('backlog', { head: deps.repo.head, snapshot: deps.repo.latest, since: deps.repo.since }),
  };
}

export type BacklogService = ReturnType<typeof createBacklogService>;

import { backlogReportSchema, type BacklogReport } from '../../../protocol/index.js';
import type { BacklogService } from '../modules/backlog/backlog.service.js';
import { jsonBody, type HttpFeed } from './http.ingest.js';
import { rejectWith } from './parse.js';

/** `POST /api/v1/feeds/backlog`: dossier figures of one commune and sector; the commune must exist. */
export function createBacklogFeed(
  backlog: BacklogService,
  communeExists: (code: string) => boolean,
): HttpFeed<BacklogReport> {
  const json = jsonBody(backlogReportSchema);
  return {
    feed: 'backlog',
    parse(body) {
      const parsed = json(body);
      if (parsed.ok && !communeExists(parsed.value.communeCode)) {
        return rejectWith(
          'unknown_commune',
          `communeCode ${parsed.value.communeCode} is not one of Hanoi's 584 communes`,
          ['communeCode'],
        );
      }
      return parsed;
    },
    accept: (r, agency) => backlog.report(r, agency),
  };
}

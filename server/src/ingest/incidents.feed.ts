import { incidentReportSchema, type IncidentReport } from '../../../protocol/index.js';
import type { IncidentsService } from '../modules/incidents/incidents.service.js';
import { parseCapAlert } from './cap.js';
import { jsonBody, type HttpFeed } from './http.ingest.js';

const isCap = (contentType: string) => /^application\/(cap\+xml|xml)\b/i.test(contentType);

/** `POST /api/v1/feeds/incidents`: JSON (FIWARE Alert names) or a CAP 1.2 XML alert. */
export function createIncidentsFeed(incidents: IncidentsService): HttpFeed<IncidentReport> {
  const json = jsonBody(incidentReportSchema);
  return {
    feed: 'incidents',
    parse: (body, contentType) => (isCap(contentType) ? parseCapAlert(body) : json(body)),
    accept: (report, agency) => incidents.report(report, agency),
  };
}

import { crimeReportSchema, type CrimeReport } from '../../../protocol/index.js';
import type { CrimeService } from '../modules/crime/crime.service.js';
import { jsonBody, type HttpFeed } from './http.ingest.js';

/** `POST /api/v1/feeds/crime`: police crime reports, JSON. */
export function createCrimeFeed(crime: CrimeService): HttpFeed<CrimeReport> {
  return { feed: 'crime', parse: jsonBody(crimeReportSchema), accept: (r, agency) => crime.report(r, agency) };
}

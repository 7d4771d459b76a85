import type {
  AnalysisFormat,
  AnalysisView,
  BacklogBucket,
  BacklogServiceLevels,
  CongestionBucket,
  CongestionByCorridor,
  CrimeByDistrict,
  IncidentHotspots,
} from '../../../protocol/index.js';
import { send } from './http.js';

/** One analysis question: a window (epoch ms) and, for the series views, a bucket size. */
export interface AnalysisRequest {
  from: number;
  to: number;
  congestionBucket: CongestionBucket;
  backlogBucket: BacklogBucket;
}

export interface AnalysisAnswers {
  incidents: IncidentHotspots;
  congestion: CongestionByCorridor;
  crime: CrimeByDistrict;
  backlog: BacklogServiceLevels;
}

/** The API address of a view's answer, as JSON or as an export (CSV, GeoJSON): also the export links' href. */
export function analysisUrl(view: AnalysisView, q: AnalysisRequest, format: AnalysisFormat = 'json'): string {
  const params = new URLSearchParams({ from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString() });
  if (view === 'congestion') params.set('bucket', q.congestionBucket);
  if (view === 'backlog') params.set('bucket', q.backlogBucket);
  if (format !== 'json') params.set('format', format);
  return `/api/v1/analysis/${view}?${params}`;
}

export const fetchAnalysis = <V extends AnalysisView>(view: V, q: AnalysisRequest): Promise<AnalysisAnswers[V]> =>
  send<AnalysisAnswers[V]>('GET', analysisUrl(view, q));

import {
  can,
  wholeBuckets,
  ONLINE_TARGET,
  type BacklogBucketFigures,
  type BacklogQuery,
  type BacklogServiceLevels,
  type CongestionByCorridor,
  type CongestionQuery,
  type CrimeByDistrict,
  type IncidentHotspots,
  type AnalysisQuery,
  type SessionUser,
} from '../../../../protocol/index.js';
import { sourcesOf } from '../history/history.service.js';
import type { AnalysisRepository } from './analysis.repository.js';

/** What the service needs of the rollups and the gazetteer. */
export interface AnalysisDeps {
  repo: AnalysisRepository;
  /** Up to where (epoch ms) the traffic rollups of that size are complete. */
  rolledUntil: (size: '1m' | '1h') => Promise<number>;
  corridorName: (id: string) => string | undefined;
}

/** The window asked for, in UTC. */
const isoWindow = (q: { from: string; to: string }) => ({
  from: new Date(q.from).toISOString(),
  to: new Date(q.to).toISOString(),
});
const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * The analysis panel's answers: incident hot spots, congestion by corridor, crime by district (by
 * category only for roles with crime.points) and dossier service levels against the 70% target.
 */
export function createAnalysisService(deps: AnalysisDeps) {
  return {
    async incidents(q: AnalysisQuery): Promise<IncidentHotspots> {
      const rows = await deps.repo.incidentHours(new Date(q.from), new Date(q.to));
      const byDistrict = new Map<string, IncidentHotspots['districts'][number]>();
      let unplaced = 0;
      let total = 0;
      for (const r of rows) {
        total += r.count;
        if (!r.districtCode) {
          unplaced += r.count;
          continue;
        }
        const d = byDistrict.get(r.districtCode) ?? {
          districtCode: r.districtCode,
          total: 0,
          byHour: Array.from({ length: 24 }, () => 0),
          byCategory: {},
        };
        d.total += r.count;
        d.byHour[r.hour] = (d.byHour[r.hour] ?? 0) + r.count;
        d.byCategory[r.category] = (d.byCategory[r.category] ?? 0) + r.count;
        byDistrict.set(r.districtCode, d);
      }
      const districts = [...byDistrict.values()].sort((a, b) => a.districtCode.localeCompare(b.districtCode));
      return { ...isoWindow(q), districts, unplaced, total };
    },

    async congestion(q: CongestionQuery): Promise<CongestionByCorridor> {
      const w = wholeBuckets(Date.parse(q.from), Date.parse(q.to), q.bucket);
      const from = new Date(w.from);
      const to = new Date(w.to);
      const size = q.bucket === '1m' ? '1m' : '1h';
      const { source, cut } = sourcesOf({ size, from, to }, await deps.rolledUntil(size));
      const rows = await deps.repo.corridorBuckets(from, cut, to, q.bucket);
      const byCorridor = new Map<
        string,
        CongestionByCorridor['corridors'][number] & { sum: number; n: number; all: number; slow: number }
      >();
      for (const r of rows) {
        const c = byCorridor.get(r.corridorId) ?? {
          corridorId: r.corridorId,
          name: deps.corridorName(r.corridorId) ?? r.corridorId,
          speedAvg: null,
          congestionIndex: null,
          buckets: [],
          sum: 0,
          n: 0,
          all: 0,
          slow: 0,
        };
        c.buckets.push({
          at: r.bucket.toISOString(),
          speedAvg: share(r.speedSum, r.speedN),
          detectors: r.detectors,
          congested: r.congested,
          congestionIndex: share(r.congested, r.detectors),
        });
        c.sum += r.speedSum;
        c.n += r.speedN;
        c.all += r.detectors;
        c.slow += r.congested;
        byCorridor.set(r.corridorId, c);
      }
      const corridors = [...byCorridor.values()]
        .map(({ sum, n, all, slow, ...c }) => ({ ...c, speedAvg: share(sum, n), congestionIndex: share(slow, all) }))
        .sort((a, b) => a.corridorId.localeCompare(b.corridorId));
      return { from: from.toISOString(), to: to.toISOString(), bucket: q.bucket, source, corridors };
    },

    async crime(q: AnalysisQuery, user: SessionUser): Promise<CrimeByDistrict> {
      const detail = can(user.role, 'crime.points');
      const rows = await deps.repo.crimeCounts(new Date(q.from), new Date(q.to));
      const byDistrict = new Map<string, { districtCode: string; total: number; byCategory: Record<string, number> }>();
      let total = 0;
      for (const r of rows) {
        total += r.count;
        if (!r.districtCode) continue;
        const d = byDistrict.get(r.districtCode) ?? { districtCode: r.districtCode, total: 0, byCategory: {} };
        d.total += r.count;
        d.byCategory[r.category] = (d.byCategory[r.category] ?? 0) + r.count;
        byDistrict.set(r.districtCode, d);
      }
      const districts = [...byDistrict.values()]
        .sort((a, b) => a.districtCode.localeCompare(b.districtCode))
        .map((d) => ({ districtCode: d.districtCode, total: d.total, byCategory: detail ? d.byCategory : null }));
      return { ...isoWindow(q), detail, districts, total };
    },

    async backlog(q: BacklogQuery): Promise<BacklogServiceLevels> {
      const w = wholeBuckets(Date.parse(q.from), Date.parse(q.to), q.bucket);
      const from = new Date(w.from);
      const to = new Date(w.to);
      const rows = await deps.repo.backlogBuckets(from, to, q.bucket);
      const byDistrict = new Map<string, BacklogBucketFigures[]>();
      for (const r of rows) {
        const onlineShare = share(r.submittedOnline, r.received);
        const list = byDistrict.get(r.districtCode) ?? [];
        list.push({
          at: r.bucket.toISOString(),
          received: r.received,
          submittedOnline: r.submittedOnline,
          overdue: r.overdue,
          onlineShare,
          meetsTarget: onlineShare === null ? null : onlineShare >= ONLINE_TARGET,
        });
        byDistrict.set(r.districtCode, list);
      }
      const districts = [...byDistrict.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([districtCode, buckets]) => ({ districtCode, buckets, latest: buckets[buckets.length - 1] ?? null }));
      return { from: from.toISOString(), to: to.toISOString(), bucket: q.bucket, target: ONLINE_TARGET, districts };
    },
  };
}

export type AnalysisService = ReturnType<typeof createAnalysisService>;

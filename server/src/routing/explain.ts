/**
 * Why a unit got its estimate, in words an operator reads at a glance (Vietnamese first, English for
 * the English console): the roads it takes, the worst jam on the way, and how far it is as the crow
 * flies, so a unit that is nearest in a straight line but ranked lower explains itself.
 */
import type { RoutePlan } from './travel.js';

/** A stretch reading under this (with detectors) is named as congestion. */
export const CONGESTED_BELOW_KMH = 20;
/** Corridors named in "via", at most. */
const VIA_MAX = 4;

export interface RouteExplanation {
  /** The roads driven, in order, by short name. */
  via: string[];
  /** The slowest stretch with detector readings under CONGESTED_BELOW_KMH, if any. */
  congestion: { segmentId: string; road: string; kmh: number; lengthM: number } | null;
  vi: string;
  en: string;
}

/** "Vành đai 2 (Minh Khai – Đại La – …)" -> "Vành đai 2". */
export const shortRoadName = (name: string): string => name.split(' (')[0]!.trim() || name;

const km = (m: number, decimal: string) => (Math.round(m / 100) / 10).toFixed(1).replace('.', decimal);
const minutes = (s: number) => Math.max(1, Math.round(s / 60));

export function explainRoute(
  plan: RoutePlan,
  opts: {
    /** Where a segment is, e.g. {vi: "Vành đai 2 đoạn qua Đống Đa", en: "Ring Road 2 through Dong Da"}. */
    label?: (segmentId: string) => { vi: string; en: string } | undefined;
    rank?: number;
    straightLineRank?: number;
  } = {},
): RouteExplanation {
  const via: string[] = [];
  let lastCorridor: string | null = null;
  for (const s of plan.steps) {
    if (s.corridorId === null || s.corridorId === lastCorridor) continue;
    lastCorridor = s.corridorId;
    const name = shortRoadName(s.name);
    if (!via.includes(name)) via.push(name);
  }
  const slowest = plan.steps
    .filter((s) => s.observed && s.segmentId !== null && s.kmh < CONGESTED_BELOW_KMH)
    .sort((a, b) => a.kmh - b.kmh)[0];
  const congestion = slowest
    ? {
        segmentId: slowest.segmentId as string,
        road: shortRoadName(slowest.name),
        kmh: Math.round(slowest.kmh),
        lengthM: Math.round(slowest.lengthM),
      }
    : null;
  const where = congestion
    ? (opts.label?.(congestion.segmentId) ?? { vi: congestion.road, en: congestion.road })
    : undefined;
  const roads = via.slice(0, VIA_MAX);

  const vi = [
    `${minutes(plan.etaSeconds)} phút, ${km(plan.distanceM, ',')} km ${roads.length > 0 ? `qua ${roads.join(', ')}` : 'đường nội bộ'}`,
    ...(congestion && where ? [`ùn tắc ${congestion.kmh} km/h trên ${where.vi}`] : []),
    `đường chim bay ${km(plan.straightLineM, ',')} km` +
      (opts.straightLineRank !== undefined && opts.straightLineRank !== opts.rank
        ? ` (thứ ${opts.straightLineRank} theo đường chim bay)`
        : ''),
  ].join('; ');
  const en = [
    `${minutes(plan.etaSeconds)} min, ${km(plan.distanceM, '.')} km ${roads.length > 0 ? `via ${roads.join(', ')}` : 'on local streets'}`,
    ...(congestion && where ? [`congestion ${congestion.kmh} km/h on ${where.en}`] : []),
    `${km(plan.straightLineM, '.')} km as the crow flies` +
      (opts.straightLineRank !== undefined && opts.straightLineRank !== opts.rank
        ? ` (#${opts.straightLineRank} by straight line)`
        : ''),
  ].join('; ');
  return { via, congestion, vi, en };
}

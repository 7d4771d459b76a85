import type { BacklogSector, BacklogState } from '../../../../protocol/index.js';

/** The 2016 target: 70% of dossiers submitted online (level 3/4 public services). */
export const ONLINE_TARGET = 0.7;

/**
 * How a commune stands against the target, over all its sectors: at or above it, below it, or no
 * dossiers received yet (no share to judge). Shared by the map, the legend and the counts.
 */
export const BACKLOG_CLASSES = ['on_target', 'below_target', 'no_dossiers'] as const;
export type BacklogClass = (typeof BACKLOG_CLASSES)[number];

/** Pale ring colours, apart from the traffic, incident and alarm colours drawn over them. */
export const BACKLOG_COLOURS: Record<BacklogClass, string> = {
  on_target: '#5eead4',
  below_target: '#fda4af',
  no_dossiers: '#64748b',
};

/**
 * The badge with each district's overdue dossiers on the choropleth (and its legend row): a dark
 * rose pill, apart from the pale rose of "below target" fills and the red of a traffic jam.
 */
export const OVERDUE_BADGE_COLOURS = { fill: '#4c0519', outline: '#fb7185', text: '#ffe4e6' } as const;

/** The latest figures of one commune, summed over its sectors. */
export interface CommuneBacklog {
  communeCode: string;
  districtCode: string | null;
  received: number;
  inProgress: number;
  resolved: number;
  overdue: number;
  submittedOnline: number;
  /** submittedOnline / received, or null when nothing was received. */
  onlineShare: number | null;
  /** The latest dateObserved among its sectors. */
  dateObserved: string;
  /** Its sectors' own figures, in the protocol's sector order. */
  sectors: BacklogState[];
}

export function backlogClass(c: Pick<CommuneBacklog, 'onlineShare'>): BacklogClass {
  if (c.onlineShare === null) return 'no_dossiers';
  return c.onlineShare >= ONLINE_TARGET ? 'on_target' : 'below_target';
}

/** Sums the sectors of each commune. */
export function communeBacklogs(
  states: Iterable<BacklogState>,
  sectorOrder: readonly BacklogSector[],
): Map<string, CommuneBacklog> {
  const out = new Map<string, CommuneBacklog>();
  for (const s of states) {
    let c = out.get(s.communeCode);
    if (!c) {
      c = {
        communeCode: s.communeCode,
        districtCode: s.districtCode,
        received: 0,
        inProgress: 0,
        resolved: 0,
        overdue: 0,
        submittedOnline: 0,
        onlineShare: null,
        dateObserved: s.dateObserved,
        sectors: [],
      };
      out.set(s.communeCode, c);
    }
    c.received += s.received;
    c.inProgress += s.inProgress;
    c.resolved += s.resolved;
    c.overdue += s.overdue;
    c.submittedOnline += s.submittedOnline;
    c.districtCode ??= s.districtCode;
    if (s.dateObserved > c.dateObserved) c.dateObserved = s.dateObserved;
    c.sectors.push(s);
  }
  for (const c of out.values()) {
    c.onlineShare = c.received > 0 ? c.submittedOnline / c.received : null;
    c.sectors.sort((a, b) => sectorOrder.indexOf(a.sector) - sectorOrder.indexOf(b.sector));
  }
  return out;
}

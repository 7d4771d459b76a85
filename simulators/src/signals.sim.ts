/**
 * Traffic-signal controllers at the intersections of Hanoi's schematic road network: a pure,
 * deterministic model. Controllers stand where corridors meet or cross, then at corridor vertices in
 * the urban districts, nearest the centre first. Each reports every 30 s: its timing plan by local
 * time of day (peak plans on weekday rush hours, flashing amber at night), the odd spell of manual
 * control by traffic police at a big junction, and faults that start, persist for a while and clear.
 */
import type { LonLat, SignalReport } from '../../protocol/index.js';
import {
  corridors as gazetteerCorridors,
  districtAt,
  distanceM,
  type Corridor,
} from '../../server/src/geo/gazetteer.js';
import { deviceIndex, deviceKey, episodeAt, indexById, type DeviceModel, type SimDevice } from './device.js';
import { localClock, toHanoiIso } from './traffic.sim.js';

export type SiteKind = 'junction' | 'crossing' | 'vertex';

export interface SignalController extends SimDevice {
  readonly position: LonLat;
  readonly site: SiteKind;
  /** The corridors that meet there. */
  readonly corridorIds: readonly string[];
  /** Cycle length of the peak plan, seconds: longer at a junction of major roads. */
  readonly peakCycle: number;
}

export interface SignalsModelOptions {
  seed: number;
  /** Default 60. */
  count?: number;
  corridors?: readonly Pick<Corridor, 'id' | 'kind' | 'coordinates'>[];
}

export const SIGNAL_PERIOD_SECONDS = 30;
const CENTRE: LonLat = [105.8523, 21.0287];
/** Two candidate sites closer than this are one intersection. */
const MERGE_M = 200;
const MS_MIN = 60_000;

type Line = Pick<Corridor, 'id' | 'kind' | 'coordinates'>;
interface Candidate {
  position: LonLat;
  site: SiteKind;
  corridorIds: string[];
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Where two segments cross strictly inside both, or null. */
function crossing(a: LonLat, b: LonLat, c: LonLat, d: LonLat): LonLat | null {
  const [rx, ry, sx, sy] = [b[0] - a[0], b[1] - a[1], d[0] - c[0], d[1] - c[1]];
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den;
  const u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / den;
  return t > 0 && t < 1 && u > 0 && u < 1 ? [round6(a[0] + t * rx), round6(a[1] + t * ry)] : null;
}

function candidates(lines: readonly Line[]): Candidate[] {
  const vertices = lines.flatMap((l) => l.coordinates.map((p) => ({ p, line: l })));
  const junctions: Candidate[] = [];
  for (const v of vertices) {
    const others = vertices.filter((w) => w.line.id !== v.line.id && distanceM(w.p, v.p) < 60);
    if (others.length > 0)
      junctions.push({ position: v.p, site: 'junction', corridorIds: [v.line.id, ...others.map((o) => o.line.id)] });
  }
  const crossings: Candidate[] = [];
  lines.forEach((l1, i) =>
    lines.slice(i + 1).forEach((l2) => {
      for (let a = 0; a + 1 < l1.coordinates.length; a++)
        for (let b = 0; b + 1 < l2.coordinates.length; b++) {
          const [p, q] = [l1.coordinates[a] as LonLat, l1.coordinates[a + 1] as LonLat];
          const x = crossing(p, q, l2.coordinates[b] as LonLat, l2.coordinates[b + 1] as LonLat);
          if (x) crossings.push({ position: x, site: 'crossing', corridorIds: [l1.id, l2.id] });
        }
    }),
  );
  // Signals stand on surface roads in the urban districts, not along expressways or on bridges.
  const urban = vertices
    .filter((v) => v.line.kind !== 'expressway' && v.line.kind !== 'bridge' && districtAt(v.p)?.type === 'quan')
    .map((v): Candidate => ({ position: v.p, site: 'vertex', corridorIds: [v.line.id] }));
  const byCentre = (a: Candidate, b: Candidate) => distanceM(a.position, CENTRE) - distanceM(b.position, CENTRE);
  return [...junctions.sort(byCentre), ...crossings.sort(byCentre), ...urban.sort(byCentre)];
}

/** Picks `count` intersections, merging candidates that are one place; ids `sig-01`, `sig-02`, ... */
export function placeSignals(lines: readonly Line[], count = 60): SignalController[] {
  const kindOf = new Map(lines.map((l) => [l.id, l.kind]));
  const chosen: Candidate[] = [];
  for (const c of candidates(lines)) {
    if (chosen.length >= count) break;
    const near = chosen.find((k) => distanceM(k.position, c.position) < MERGE_M);
    if (near) near.corridorIds = [...new Set([...near.corridorIds, ...c.corridorIds])];
    else chosen.push({ ...c, corridorIds: [...new Set(c.corridorIds)] });
  }
  return chosen.map((c, i) => {
    const major = c.corridorIds.filter((id) => kindOf.get(id) === 'ring' || kindOf.get(id) === 'artery').length;
    return {
      id: `sig-${String(i + 1).padStart(2, '0')}`,
      periodSeconds: SIGNAL_PERIOD_SECONDS,
      position: c.position,
      site: c.site,
      corridorIds: c.corridorIds,
      peakCycle: major >= 2 ? 150 : major === 1 ? 120 : 100,
    };
  });
}

interface Plan {
  status: SignalReport['status'];
  currentPlan: string;
  cycleTime?: number;
}

/** The timing plan by local time: flashing at night, light plans at the edges of the day, peak plans on weekday rush hours. */
export function planAt(hour: number, weekend: boolean, peakCycle: number): Plan {
  if (hour < 5 || hour >= 23) return { status: 'flashing', currentPlan: 'P0-flash' };
  if (hour < 6.5 || hour >= 22) return { status: 'normal', currentPlan: 'P1-light', cycleTime: 60 };
  const peak = !weekend && ((hour >= 6.5 && hour < 9) || (hour >= 16.5 && hour < 19.5));
  if (peak) return { status: 'normal', currentPlan: hour < 12 ? 'P3-peak-am' : 'P4-peak-pm', cycleTime: peakCycle };
  return { status: 'normal', currentPlan: 'P2-offpeak', cycleTime: Math.max(60, peakCycle - 30) };
}

const FAULTS: ReadonlyArray<{ type: SignalReport['faults'][number]['type']; weight: number; details: string[] }> = [
  { type: 'lamp_failure', weight: 0.4, details: ['red lamp', 'amber lamp', 'green lamp', 'pedestrian lamp'] },
  { type: 'detector', weight: 0.2, details: ['loop detector open circuit', 'stop-line detector stuck on'] },
  { type: 'communication', weight: 0.18, details: ['no response from the central system', 'fibre link down'] },
  { type: 'power', weight: 0.12, details: ['mains power lost', 'UPS on battery'] },
  { type: 'conflict', weight: 0.05, details: ['conflicting greens detected'] },
  { type: 'other', weight: 0.05, details: ['cabinet door open'] },
];
const APPROACHES = ['north', 'south', 'east', 'west'];

/** Fault slots per controller: two independent ones, so faults can overlap. */
const FAULT_SLOTS = 2;
const FAULT_EPISODE = { blockMs: 180 * MS_MIN, chance: 0.06, minMs: 10 * MS_MIN, maxMs: 150 * MS_MIN };
const MANUAL_EPISODE = { blockMs: 60 * MS_MIN, chance: 0.1, minMs: 15 * MS_MIN, maxMs: 50 * MS_MIN };

function faultOf(pick: number) {
  let acc = 0;
  const f = FAULTS.find((x) => (acc += x.weight) > pick) ?? (FAULTS[0] as (typeof FAULTS)[number]);
  // The rest of `pick` chooses the detail and the approach.
  const rest = (pick * 7919) % 1;
  const detail = f.details[Math.floor(rest * f.details.length)] as string;
  const approach = APPROACHES[Math.floor(((rest * 104729) % 1) * APPROACHES.length)] as string;
  return { type: f.type, detail: f.type === 'lamp_failure' ? `${detail}, ${approach} approach` : detail };
}

export type SignalsModel = DeviceModel<'signals', SignalController>;

export function createSignalsModel(opts: SignalsModelOptions): SignalsModel {
  const seed = Math.trunc(opts.seed);
  const devices = Object.freeze(placeSignals(opts.corridors ?? gazetteerCorridors(), opts.count ?? 60));
  const byId = indexById(devices);

  function report(device: number | string, at: Date) {
    const d = devices[deviceIndex(devices, byId, device)] as SignalController;
    const ms = at.getTime();
    const { hour, weekend } = localClock(at);
    let plan = planAt(hour, weekend, d.peakCycle);

    const faults: SignalReport['faults'] = [];
    for (let slot = 0; slot < FAULT_SLOTS; slot++) {
      const ep = episodeAt(deviceKey(seed, d.id, 0xfa17 + slot), ms, FAULT_EPISODE);
      if (!ep) continue;
      const f = faultOf(ep.pick);
      if (faults.some((x) => x.type === f.type)) continue;
      faults.push({ ...f, since: toHanoiIso(new Date(ep.start)) });
    }
    // Traffic police take manual control of a big junction now and then at rush hour.
    const manual =
      plan.currentPlan.startsWith('P3') || plan.currentPlan.startsWith('P4')
        ? d.site !== 'vertex' && episodeAt(deviceKey(seed, d.id, 0x3a7), ms, MANUAL_EPISODE)
        : undefined;
    if (manual) plan = { status: 'manual', currentPlan: 'manual' };
    if (faults.some((f) => f.type === 'conflict')) plan = { status: 'flashing', currentPlan: 'P0-flash' };
    if (faults.some((f) => f.type === 'power' && f.detail === 'mains power lost'))
      plan = { status: 'off', currentPlan: plan.currentPlan };

    const report: SignalReport = {
      dateObserved: toHanoiIso(at),
      location: { type: 'Point', coordinates: [d.position[0], d.position[1]] },
      status: plan.status,
      currentPlan: plan.currentPlan,
      ...(plan.cycleTime === undefined || plan.status !== 'normal' ? {} : { cycleTime: plan.cycleTime }),
      faults,
    };
    return { deviceId: d.id, report };
  }

  return { feed: 'signals', seed, devices, report };
}

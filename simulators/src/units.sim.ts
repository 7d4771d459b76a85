/**
 * Response units: police patrols from the police stations, fire engines from a few fire stations,
 * ambulances from the hospitals. A pure, deterministic model: every unit reports every 5 s.
 *
 * A patrol drives its beat, a stretch of road corridor near its station, back and forth at its own
 * speed, pausing a few minutes at each end; its position is interpolated along the corridor's
 * polyline and its heading is the direction of travel. Fire engines and ambulances wait at their
 * station. Any unit can be out of service for a spell. Dispatch: give the model a mission (target,
 * time, and the road route the dispatcher's command carries) and the unit turns out, drives there
 * along the route, stays on scene, then drives the route back and returns to base; while on the job
 * its reports carry the mission's `incidentId`, as AVL equipment does. A recall ends the job at once:
 * the unit stops, reports `available` and drives back to base (the way it came). A status order
 * takes a unit out of service where it stands, or puts it back in service (ending a spell out of
 * service it was in). The runner turns the server's MQTT commands (`hanoi/units/<unitId>/commands`)
 * into missions, recalls and status orders.
 */
import type { LonLat, UnitReport } from '../../protocol/index.js';
import {
  corridors as gazetteerCorridors,
  district,
  distanceM,
  landmarks as gazetteerLandmarks,
  type Corridor,
  type Landmark,
} from '../../server/src/geo/gazetteer.js';
import { deviceIndex, deviceKey, episodeAt, indexById, type DeviceModel, type SimDevice } from './device.js';
import { uniformAt } from './random.js';
import { pointAt, project, routeOf, subRoute, type Route } from './route.js';
import { toHanoiIso } from './traffic.sim.js';

export type UnitKind = UnitReport['kind'];

export interface Station {
  readonly id: string;
  readonly name: string;
  readonly point: LonLat;
}

export interface Unit extends SimDevice {
  readonly kind: UnitKind;
  /** Vietnamese call sign: "Tuần tra 01", "Cứu hỏa 01", "Cấp cứu 01". */
  readonly callSign: string;
  readonly station: Station;
  /** Where the unit waits: its station, or for a patrol the point of its beat nearest the station. */
  readonly base: LonLat;
  /** A patrol's beat: the stretch of one corridor it drives. */
  readonly beat?: { readonly corridorId: string; readonly route: Route; readonly speedKmh: number };
}

/** A dispatch order, from a command on MQTT or a scenario's script. */
export interface UnitMission {
  unitId: string;
  target: LonLat;
  dispatchedAt: Date;
  /** When the unit leaves the scene; default 20 minutes after it arrives. */
  clearedAt?: Date;
  /**
   * The way there over the roads, from the unit's position to the target (the command's `route`):
   * the unit follows its inner points. Without one it drives straight there.
   */
  route?: readonly LonLat[];
  /** The command and incident it came from, when it came from one. */
  commandId?: string;
  incidentId?: string;
  /** When the unit was recalled from it (set by `recall`). */
  recalledAt?: Date;
}

/** A dispatcher's order: out of service (where the unit stands) or back in service, from `at`. */
export interface UnitStatusOrder {
  unitId: string;
  status: 'out_of_service' | 'available';
  at: Date;
}

export interface UnitsModelOptions {
  seed: number;
  /** Defaults 30, 10, 20. */
  counts?: { police?: number; fire?: number; ambulance?: number };
  corridors?: readonly Pick<Corridor, 'id' | 'coordinates'>[];
  landmarks?: readonly Landmark[];
  missions?: readonly UnitMission[];
}

export interface UnitsModel extends DeviceModel<'units', Unit> {
  /** Adds a mission; reports from its dispatch time on follow it. Throws for an unknown unit. */
  dispatch(mission: UnitMission): void;
  /**
   * Recalls the unit from its job on `incidentId` at `at` (at or after every earlier order): true
   * when it was on that job then; false (nothing changes) when it was not. Throws for an unknown unit.
   */
  recall(order: { unitId: string; incidentId: string; at: Date }): boolean;
  /** Adds a status order; reports from its time on follow it. Throws for an unknown unit. */
  setStatus(order: UnitStatusOrder): void;
  readonly missions: readonly UnitMission[];
  readonly statusOrders: readonly UnitStatusOrder[];
}

export const UNIT_PERIOD_SECONDS = 5;
const CENTRE: LonLat = [105.8523, 21.0287];
/** No fire stations in the gazetteer: a few plausible ones at district centres (label points). */
export const FIRE_STATIONS: ReadonlyArray<{ id: string; name: string; districtCode: string }> = [
  { id: 'pccc_hoan_kiem', name: 'Đội Cảnh sát PCCC quận Hoàn Kiếm', districtCode: '002' },
  { id: 'pccc_cau_giay', name: 'Đội Cảnh sát PCCC quận Cầu Giấy', districtCode: '005' },
  { id: 'pccc_long_bien', name: 'Đội Cảnh sát PCCC quận Long Biên', districtCode: '004' },
  { id: 'pccc_ha_dong', name: 'Đội Cảnh sát PCCC quận Hà Đông', districtCode: '268' },
  { id: 'pccc_hoang_mai', name: 'Đội Cảnh sát PCCC quận Hoàng Mai', districtCode: '008' },
];
const BEAT_HALF_M = 2500;
const BEAT_SHARE_M = 1500;
const PAUSE_S = 180;
const TURNOUT_MS = 60_000;
const ON_SCENE_MS = 20 * 60_000;
const RESPONSE_KMH: Record<UnitKind, number> = { police: 50, fire: 40, ambulance: 45 };
const MS_MIN = 60_000;
const OUT_OF_SERVICE: Record<'patrol' | 'parked', Parameters<typeof episodeAt>[2]> = {
  patrol: { blockMs: 240 * MS_MIN, chance: 0.25, minMs: 30 * MS_MIN, maxMs: 180 * MS_MIN },
  parked: { blockMs: 720 * MS_MIN, chance: 0.15, minMs: 60 * MS_MIN, maxMs: 360 * MS_MIN },
};

const pad2 = (n: number): string => String(n).padStart(2, '0');
const stationOf = (l: Landmark): Station => ({ id: l.id, name: l.name, point: l.point });
/** Puts the k-th vehicle of a station a few metres from the previous one, so markers do not stack. */
const parkingBay = (p: LonLat, k: number): LonLat => [Math.round((p[0] + k * 0.00015) * 1e6) / 1e6, p[1]];

/** The fleet, deterministic for a gazetteer: which unit is where does not depend on the seed. */
export function placeUnits(opts: Omit<UnitsModelOptions, 'seed' | 'missions'> = {}): Unit[] {
  const lines = (opts.corridors ?? gazetteerCorridors()).map((c) => ({ id: c.id, route: routeOf(c.coordinates) }));
  const marks = opts.landmarks ?? gazetteerLandmarks();
  const police = marks.filter((l) => l.kind === 'police').map(stationOf);
  const hospitals = marks
    .filter((l) => l.kind === 'hospital')
    .map(stationOf)
    .sort((a, b) => distanceM(a.point, CENTRE) - distanceM(b.point, CENTRE));
  const fire = FIRE_STATIONS.flatMap((f) => {
    const d = district(f.districtCode);
    return d ? [{ id: f.id, name: f.name, point: d.label }] : [];
  });
  const counts = { police: 30, fire: 10, ambulance: 20, ...opts.counts };

  // Each patrol takes the corridor nearest its station, counting each earlier beat on a corridor as
  // BEAT_SHARE_M further away, so the beats spread over the network instead of piling up.
  const beats = new Map<string, number>();
  const patrols = Array.from({ length: police.length > 0 && lines.length > 0 ? counts.police : 0 }, (_, i): Unit => {
    const station = police[i % police.length] as Station;
    const cost = (l: { id: string; offM: number }) => l.offM + BEAT_SHARE_M * (beats.get(l.id) ?? 0);
    const near = lines.map((l) => ({ ...l, ...project(l.route, station.point) })).sort((a, b) => cost(a) - cost(b));
    const line = near[0] as (typeof near)[number];
    const shared = beats.get(line.id) ?? 0;
    beats.set(line.id, shared + 1);
    // A shared corridor: later beats shift along it, alternately ahead and behind.
    const centre = line.s + (shared % 2 === 1 ? 1 : -1) * Math.ceil(shared / 2) * BEAT_HALF_M;
    const s0 = Math.min(Math.max(0, centre - BEAT_HALF_M), Math.max(0, line.route.lengthM - 2 * BEAT_HALF_M));
    const s1 = Math.min(line.route.lengthM, s0 + 2 * BEAT_HALF_M);
    const route = subRoute(line.route, s0, s1);
    return {
      id: `pol-${pad2(i + 1)}`,
      periodSeconds: UNIT_PERIOD_SECONDS,
      kind: 'police',
      callSign: `Tuần tra ${pad2(i + 1)}`,
      station,
      base: pointAt(route, line.s - s0).position, // clamped to the beat
      beat: { corridorId: line.id, route, speedKmh: 20 + 3 * (i % 5) },
    };
  });
  const parked = (kind: UnitKind, prefix: string, callSign: string, stations: Station[], n: number) =>
    Array.from({ length: stations.length > 0 ? n : 0 }, (_, i): Unit => {
      const station = stations[i % stations.length] as Station;
      return {
        id: `${prefix}-${pad2(i + 1)}`,
        periodSeconds: UNIT_PERIOD_SECONDS,
        kind,
        callSign: `${callSign} ${pad2(i + 1)}`,
        station,
        base: parkingBay(station.point, Math.floor(i / stations.length)),
      };
    });
  return [
    ...patrols,
    ...parked('fire', 'fire', 'Cứu hỏa', fire, counts.fire),
    ...parked('ambulance', 'amb', 'Cấp cứu', hospitals, counts.ambulance),
  ];
}

interface MissionPlan {
  origin: LonLat;
  /** Origin -> target along the route; target (or, recalled, where the unit stopped) -> back along it -> base. */
  out: Route;
  back: Route;
  /** Simulated ms: arrival on scene, leaving the job (on scene, or recalled earlier), back at base. */
  there: number;
  cleared: number;
  home: number;
}

interface Fix {
  status: UnitReport['status'];
  position: LonLat;
  heading?: number;
  speed: number;
  /** The mission's incident, while the unit is on the job (dispatched, en route, on scene). */
  incidentId?: string;
}

/** Where a patrol is on its beat `sec` seconds into its cycle: out, a pause, back, a pause. */
function onBeat(beat: NonNullable<Unit['beat']>, sec: number): Fix {
  const { route, speedKmh } = beat;
  const v = speedKmh / 3.6;
  const drive = route.lengthM / v;
  const cycle = 2 * drive + 2 * PAUSE_S;
  const u = ((sec % cycle) + cycle) % cycle;
  if (u < drive) return { status: 'available', ...pointAt(route, v * u), speed: speedKmh };
  if (u < drive + PAUSE_S) return { status: 'available', ...pointAt(route, route.lengthM), speed: 0 };
  if (u < 2 * drive + PAUSE_S) {
    const p = pointAt(route, route.lengthM - v * (u - drive - PAUSE_S));
    return { status: 'available', position: p.position, heading: (p.heading + 180) % 360, speed: speedKmh };
  }
  const p = pointAt(route, 0);
  return { status: 'available', position: p.position, heading: (p.heading + 180) % 360, speed: 0 };
}

export function createUnitsModel(opts: UnitsModelOptions): UnitsModel {
  const seed = Math.trunc(opts.seed);
  const devices = Object.freeze(placeUnits(opts));
  const byId = indexById(devices);
  const missions: UnitMission[] = [];
  const statusOrders: UnitStatusOrder[] = [];

  /** `availableSince`: put back in service then, which ends a spell out of service it was in. */
  function routine(u: Unit, ms: number, availableSince?: number): Fix {
    const key = deviceKey(seed, u.id, 0x0de);
    const spell = episodeAt(key, ms, OUT_OF_SERVICE[u.beat ? 'patrol' : 'parked']);
    if (spell && !(availableSince !== undefined && spell.start < availableSince))
      return { status: 'out_of_service', position: u.base, speed: 0 };
    if (!u.beat) return { status: 'available', position: u.base, speed: 0 };
    const phase = uniformAt(seed, key[1] as number, 0x9a5e) * 86_400;
    return onBeat(u.beat, ms / 1000 + phase);
  }

  /** The latest of the unit's first `upTo` status orders given by `ms`, with its index. */
  function orderAt(u: Unit, ms: number, upTo: number): { order: UnitStatusOrder; index: number } | undefined {
    for (let i = upTo - 1; i >= 0; i--) {
      const order = statusOrders[i] as UnitStatusOrder;
      if (order.unitId === u.id && order.at.getTime() <= ms) return { order, index: i };
    }
    return undefined;
  }

  /** Where a unit taken out of service stopped: where it was when the order came. */
  const stops = new WeakMap<UnitStatusOrder, LonLat>();
  function stoppedAt(u: Unit, { order, index }: { order: UnitStatusOrder; index: number }): LonLat {
    let at = stops.get(order);
    if (!at) {
      at = fixAt(u, order.at.getTime(), missions.length, index).position;
      stops.set(order, at);
    }
    return at;
  }

  /**
   * Where a unit is at `ms`: the latest of its first `upTo` missions still running, else out of
   * service when its first `ordersUpTo` status orders say so, else its routine. An order out of
   * service ends the jobs dispatched before it.
   */
  function fixAt(u: Unit, ms: number, upTo = missions.length, ordersUpTo = statusOrders.length): Fix {
    const order = orderAt(u, ms, ordersUpTo);
    const off = order?.order.status === 'out_of_service' ? order : undefined;
    for (let i = upTo - 1; i >= 0; i--) {
      const m = missions[i] as UnitMission;
      if (m.unitId !== u.id) continue;
      if (off && m.dispatchedAt.getTime() < off.order.at.getTime()) break;
      const fix = onMission(u, m, i, ms);
      if (fix) return fix;
    }
    if (off) return { status: 'out_of_service', position: stoppedAt(u, off), speed: 0 };
    return routine(u, ms, order?.order.at.getTime());
  }

  /** A mission's legs and times, worked out once: it depends only on the missions before it. */
  const plans = new WeakMap<UnitMission, MissionPlan>();
  function planOf(u: Unit, m: UnitMission, index: number): MissionPlan {
    let plan = plans.get(m);
    if (plan) return plan;
    const d = m.dispatchedAt.getTime();
    const origin = fixAt(u, d, index).position;
    const path: LonLat[] = [origin, ...(m.route ?? []).slice(1, -1), m.target];
    const out = routeOf(path);
    const back = routeOf([...path].reverse().concat([u.base]));
    const v = RESPONSE_KMH[u.kind] / 3.6;
    const there = d + TURNOUT_MS + (out.lengthM / v) * 1000;
    const cleared = Math.max(there, m.clearedAt?.getTime() ?? there + ON_SCENE_MS);
    plan = { origin, out, back, there, cleared, home: cleared + (back.lengthM / v) * 1000 };
    const recalled = m.recalledAt?.getTime();
    if (recalled !== undefined && recalled < cleared) {
      // Back the way it came from where it stopped: from the start while turning out, from the
      // point reached while en route, from the target when on scene.
      const driven = Math.min(out.lengthM, Math.max(0, ((recalled - d - TURNOUT_MS) / 1000) * v));
      const way = recalled < there ? [...subRoute(out, 0, driven).points].reverse() : [...back.points];
      const home = routeOf(recalled < there ? [...way, u.base] : way);
      plan = { ...plan, back: home, cleared: recalled, home: recalled + (home.lengthM / v) * 1000 };
    }
    plans.set(m, plan);
    return plan;
  }

  /** A mission in progress: turn out, drive the route to the target, stay on scene, drive back to base. */
  function onMission(u: Unit, m: UnitMission, index: number, ms: number): Fix | undefined {
    const d = m.dispatchedAt.getTime();
    if (ms < d) return undefined;
    const { origin, out, back, there, cleared, home } = planOf(u, m, index);
    if (ms >= home) return undefined;
    const v = RESPONSE_KMH[u.kind];
    const job = m.incidentId === undefined ? {} : { incidentId: m.incidentId };
    // A recalled unit leaves the job at `cleared`, whichever step it was at.
    if (ms < cleared && ms < d + TURNOUT_MS) return { status: 'dispatched', position: origin, speed: 0, ...job };
    if (ms < cleared && ms < there)
      return { status: 'en_route', ...pointAt(out, ((ms - d - TURNOUT_MS) / 1000) * (v / 3.6)), speed: v, ...job };
    if (ms < cleared) return { status: 'on_scene', position: m.target, speed: 0, ...job };
    return { status: 'available', ...pointAt(back, ((ms - cleared) / 1000) * (v / 3.6)), speed: v };
  }

  function report(device: number | string, at: Date) {
    const u = devices[deviceIndex(devices, byId, device)] as Unit;
    const fix = fixAt(u, at.getTime());
    const unitReport: UnitReport = {
      dateObserved: toHanoiIso(at),
      location: { type: 'Point', coordinates: [fix.position[0], fix.position[1]] },
      kind: u.kind,
      status: fix.status,
      ...(fix.heading === undefined ? {} : { heading: fix.heading }),
      speed: fix.speed,
      callSign: u.callSign,
      ...(fix.incidentId === undefined ? {} : { incidentId: fix.incidentId }),
    };
    return { deviceId: u.id, report: unitReport };
  }

  const model: UnitsModel = {
    feed: 'units',
    seed,
    devices,
    report,
    missions,
    statusOrders,
    dispatch(mission) {
      deviceIndex(devices, byId, mission.unitId);
      missions.push({ ...mission });
    },
    recall({ unitId, incidentId, at }) {
      const u = devices[deviceIndex(devices, byId, unitId)] as Unit;
      const ms = at.getTime();
      const fix = fixAt(u, ms);
      if (fix.incidentId !== incidentId || fix.status === 'available' || fix.status === 'out_of_service') return false;
      // The job it is on is its latest mission running now (fixAt took its fix from it).
      for (let i = missions.length - 1; i >= 0; i--) {
        const m = missions[i] as UnitMission;
        if (m.unitId !== unitId || !onMission(u, m, i, ms)) continue;
        m.recalledAt = at;
        // Its plan, and the plans of any later mission of the unit (they start from where it is), change.
        for (const later of missions.slice(i)) if (later.unitId === unitId) plans.delete(later);
        return true;
      }
      return false;
    },
    setStatus(order) {
      deviceIndex(devices, byId, order.unitId);
      statusOrders.push({ ...order });
    },
  };
  for (const m of opts.missions ?? []) model.dispatch(m);
  return model;
}

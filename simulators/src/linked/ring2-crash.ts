/**
 * The linked scenario: a crash on Ring Road 2 (Vành đai 2, đường Trường Chinh near Ngã Tư Sở) and
 * everything that follows from it, as one deterministic script relative to the crash time:
 *
 *   crash           the blocked segment's detectors drop to a crawl (traffic model disruption)
 *   + 45 s          113: a driver reports the pile-up (raises the incident)
 *   + 80 s          115: the injured (a health incident at the same place)
 *   + 2 min         the nearest patrol and ambulance are dispatched (units model missions)
 *   + 2 min 30 s    113: a second caller about the same crash, 150 m away (linked as a duplicate)
 *   + 6, 12 min     the queue reaches each segment upstream (congestion alarms follow on the server)
 *   + 3 min after   113: a caller stuck in the queue on that segment
 *   + 40 min        the road clears; speeds recover over 15 minutes, the head of the queue first
 *
 * Pure: the same seed and crash time give the same readings, calls and missions.
 */
import type { IncidentReport, LonLat } from '../../../protocol/index.js';
import { nearestCommune } from '../../../server/src/geo/anchors.js';
import {
  communes,
  districtAt,
  segment as gazetteerSegment,
  type RoadSegment,
} from '../../../server/src/geo/gazetteer.js';
import { hanoiIso, localDateDigits } from '../agencies/clock.js';
import { vietnameseName, vietnamesePhone } from '../agencies/people.js';
import { hashInts, hashString, intBetween, mulberry32, pick, type Rng } from '../random.js';
import type { Disruption } from '../traffic.sim.js';
import type { UnitMission, UnitsModel } from '../units.sim.js';

const MIN = 60_000;
/** The crash segment (Trường Chinh, Ngã Tư Vọng – Ngã Tư Sở) first, then upstream towards Minh Khai. */
export const CRASH_CHAIN = ['vd2_south_west:2', 'vd2_south_west:1', 'vd2_south_west:0'] as const;
/** How far along the crash segment it happens, 0..1 (near Ngã Tư Sở). */
const CRASH_ALONG = 0.6;
export const CRASH_TIMING = {
  /** After the scenario starts. */
  afterStartMs: 2 * MIN,
  spreadEveryMs: 6 * MIN,
  clearsAfterMs: 40 * MIN,
  recoveryMs: 15 * MIN,
  dispatchAfterMs: 2 * MIN,
} as const;

export interface ScriptedCall {
  at: string;
  report: IncidentReport;
}

export interface Ring2Crash {
  readonly startsAt: Date;
  readonly position: LonLat;
  readonly disruption: Disruption;
  /** Hotline calls about the crash, in time order. */
  readonly calls: readonly ScriptedCall[];
  /** Calls within [from, to). */
  callsIn(from: Date, to: Date): ScriptedCall[];
  /** Sends the nearest patrol and ambulance; returns the missions it added. */
  dispatchUnits(units: UnitsModel): UnitMission[];
}

const lerp = (a: LonLat, b: LonLat, f: number): LonLat => [
  Math.round((a[0] + (b[0] - a[0]) * f) * 1e5) / 1e5,
  Math.round((a[1] + (b[1] - a[1]) * f) * 1e5) / 1e5,
];

function segmentOf(id: string): RoadSegment {
  const s = gazetteerSegment(id);
  if (!s) throw new Error(`the road network has no segment ${id}`);
  return s;
}

/** Where a point is, as the incident schema wants it. */
function addressAt(point: LonLat, street: string): IncidentReport['address'] {
  const district = districtAt(point);
  const communeCode = district ? nearestCommune(point, district.code) : undefined;
  const commune = communes().find((c) => c.code === communeCode);
  return {
    streetAddress: street,
    ...(commune ? { addressLocality: commune.name } : {}),
    ...(district ? { addressRegion: district.name } : {}),
  };
}

const VEHICLES = ['xe tải', 'xe khách', 'ô tô con', 'xe buýt'];

export function ring2Crash(opts: { seed: number; startAt: Date }): Ring2Crash {
  const rng: Rng = mulberry32(hashInts(opts.seed, hashString('ring2-crash')));
  const startsAtMs = opts.startAt.getTime() + CRASH_TIMING.afterStartMs;
  const startsAt = new Date(startsAtMs);
  const chain = CRASH_CHAIN.map(segmentOf);
  const crashSegment = chain[0] as RoadSegment;
  const position = lerp(crashSegment.from, crashSegment.to, CRASH_ALONG);
  const street = 'Đường Trường Chinh (Vành đai 2)';

  const disruption: Disruption = {
    segmentIds: CRASH_CHAIN,
    startsAt,
    spreadEveryMs: CRASH_TIMING.spreadEveryMs,
    clearsAt: new Date(startsAtMs + CRASH_TIMING.clearsAfterMs),
    recoveryMs: CRASH_TIMING.recoveryMs,
  };

  const truck = pick(rng, VEHICLES);
  const bikes = intBetween(rng, 2, 4);
  const hurt = intBetween(rng, 1, 3);
  const day = localDateDigits(startsAtMs);
  let number = 900_000 + intBetween(rng, 0, 9_000);
  const call = (
    offsetMs: number,
    hotline: '113' | '115',
    at: LonLat,
    fields: Pick<IncidentReport, 'category' | 'subCategory' | 'severity' | 'description'>,
    where = street,
  ): ScriptedCall => {
    const ms = startsAtMs + offsetMs;
    const name = vietnameseName(rng);
    return {
      at: hanoiIso(ms),
      report: {
        externalId: `${hotline}-${day}-${String((number += 1)).padStart(6, '0')}`,
        dateIssued: hanoiIso(ms),
        ...fields,
        description: fields.description.normalize('NFC'),
        alertSource: hotline,
        location: { type: 'Point', coordinates: at },
        address: addressAt(at, where),
        reporter: { name, phone: vietnamesePhone(rng) },
      },
    };
  };

  const nearby = lerp(crashSegment.from, crashSegment.to, CRASH_ALONG - 150 / crashSegment.lengthM);
  const calls: ScriptedCall[] = [
    call(45_000, '113', position, {
      category: 'traffic',
      subCategory: 'carAccident',
      severity: 'high',
      description: `Tai nạn liên hoàn giữa ${truck} và ${bikes} xe máy trên đường Trường Chinh gần Ngã Tư Sở, ${hurt} người bị thương, xe chắn hết làn đường.`,
    }),
    call(80_000, '115', position, {
      category: 'health',
      subCategory: 'trafficInjury',
      severity: 'high',
      description: `Cần xe cấp cứu: ${hurt} người bị thương trong vụ tai nạn trên đường Trường Chinh gần Ngã Tư Sở.`,
    }),
    call(150_000, '113', nearby, {
      category: 'traffic',
      subCategory: 'carAccident',
      severity: 'medium',
      description: `Người đi đường báo tai nạn giữa ${truck} và xe máy trên đường Trường Chinh, giao thông ùn ứ.`,
    }),
    ...chain.slice(1).map((s, k) =>
      call(
        (k + 1) * CRASH_TIMING.spreadEveryMs + 3 * MIN,
        '113',
        s.midpoint,
        {
          category: 'traffic',
          subCategory: 'trafficJam',
          severity: 'low',
          description: `Ùn tắc kéo dài trên Vành đai 2 (${k === 0 ? 'đường Đại La' : 'đường Minh Khai'}) do tai nạn phía trước, phương tiện nhích từng chút.`,
        },
        k === 0 ? 'Đường Đại La (Vành đai 2)' : 'Đường Minh Khai (Vành đai 2)',
      ),
    ),
  ];

  return {
    startsAt,
    position,
    disruption,
    calls,
    callsIn(from, to) {
      const a = from.getTime();
      const b = to.getTime();
      return calls.filter((c) => {
        const ms = Date.parse(c.at);
        return ms >= a && ms < b;
      });
    },
    dispatchUnits(units) {
      const dispatchedAt = new Date(startsAtMs + CRASH_TIMING.dispatchAfterMs);
      const missions = (['police', 'ambulance'] as const).flatMap((kind) => {
        const nearest = units.devices
          .map((u, i) => ({ u, fix: units.report(i, dispatchedAt).report }))
          .filter(({ u, fix }) => u.kind === kind && fix.status === 'available')
          .map(({ u, fix }) => ({ u, d: squaredDistance(fix.location.coordinates as LonLat, position) }))
          .sort((a, b) => a.d - b.d)[0];
        return nearest
          ? [{ unitId: nearest.u.id, target: position, dispatchedAt, clearedAt: disruption.clearsAt }]
          : [];
      });
      for (const m of missions) units.dispatch(m);
      return missions;
    },
  };
}

const squaredDistance = (a: LonLat, b: LonLat): number =>
  ((a[0] - b[0]) * Math.cos((b[1] * Math.PI) / 180)) ** 2 + (a[1] - b[1]) ** 2;

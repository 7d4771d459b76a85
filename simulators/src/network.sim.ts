/**
 * Network heartbeats: the WAN node of each of Hanoi's 584 communes (it reports only its commune
 * code; the server places it at the commune's schematic anchor) and the operations centre's own
 * devices, placed around the city hall. A pure, deterministic model. Latency grows with distance
 * from the centre and with the busy hours; a node is now and then degraded for a spell, reboots
 * about once a month (its uptime starts again) and, rarely, loses power and says nothing at all.
 */
import type { LonLat, NetworkHeartbeat } from '../../protocol/index.js';
import {
  communes as gazetteerCommunes,
  district,
  distanceM,
  landmarks,
  type Commune,
} from '../../server/src/geo/gazetteer.js';
import { deviceIndex, deviceKey, episodeAt, indexById, type DeviceModel, type SimDevice } from './device.js';
import { uniformAt } from './random.js';
import { demandAt, localClock, toHanoiIso } from './traffic.sim.js';

export interface NetworkNode extends SimDevice {
  readonly kind: NetworkHeartbeat['kind'];
  readonly communeCode?: string;
  readonly location?: LonLat;
  /** Round-trip time to the centre on a quiet link, ms. */
  readonly baseLatencyMs: number;
}

export interface NetworkModelOptions {
  seed: number;
  communes?: readonly Pick<Commune, 'code' | 'districtCode'>[];
  /** Names of the centre's devices (ids `dev-<name>`); default: 20 routers, servers, walls and UPSes. */
  centreDevices?: readonly string[];
}

export const COMMUNE_NODE_PERIOD_SECONDS = 60;
export const CENTRE_DEVICE_PERIOD_SECONDS = 30;
export const CENTRE_DEVICES: readonly string[] = [
  'core-router-1',
  'core-router-2',
  'firewall-1',
  'firewall-2',
  'core-switch-1',
  'core-switch-2',
  'app-server-1',
  'app-server-2',
  'app-server-3',
  'db-server-1',
  'db-server-2',
  'mqtt-broker-1',
  'video-wall-1',
  'video-wall-2',
  'nvr-1',
  'nvr-2',
  'hotline-pbx',
  'radio-gateway',
  'ups-1',
  'ups-2',
];
/** UBND TP Hà Nội, 79 Đinh Tiên Hoàng, when the gazetteer has no government landmark. */
const CITY_HALL: LonLat = [105.853, 21.027];
const MS_MIN = 60_000;
const DEGRADED = { blockMs: 60 * MS_MIN, chance: 0.05, minMs: 5 * MS_MIN, maxMs: 40 * MS_MIN };
const POWER_CUT = { blockMs: 360 * MS_MIN, chance: 0.01, minMs: 10 * MS_MIN, maxMs: 60 * MS_MIN };
const REBOOT_BLOCK_MS = 30 * 24 * 60 * MS_MIN;

/** The devices of the centre on a small grid around the city hall, about 15 m apart. */
function centreLocation(i: number): LonLat {
  const hall = landmarks().find((l) => l.kind === 'government')?.point ?? CITY_HALL;
  const [col, row] = [(i % 5) - 2, Math.floor(i / 5) - 2];
  return [Math.round((hall[0] + col * 0.00015) * 1e6) / 1e6, Math.round((hall[1] + row * 0.00013) * 1e6) / 1e6];
}

export function placeNodes(
  communes: readonly Pick<Commune, 'code' | 'districtCode'>[],
  centre: readonly string[] = CENTRE_DEVICES,
): NetworkNode[] {
  const nodes = communes.map((c): NetworkNode => {
    const label = district(c.districtCode)?.label ?? CITY_HALL;
    return {
      id: `wan-${c.code}`,
      periodSeconds: COMMUNE_NODE_PERIOD_SECONDS,
      kind: 'commune_node',
      communeCode: c.code,
      baseLatencyMs: Math.round(8 + distanceM(label, CITY_HALL) / 1500),
    };
  });
  const own = centre.map((name, i): NetworkNode => ({
    id: `dev-${name}`,
    periodSeconds: CENTRE_DEVICE_PERIOD_SECONDS,
    kind: 'centre_device',
    location: centreLocation(i),
    baseLatencyMs: 1,
  }));
  return [...nodes, ...own];
}

export type NetworkModel = DeviceModel<'network', NetworkNode> & { silentAt(device: number, at: Date): boolean };

export function createNetworkModel(opts: NetworkModelOptions): NetworkModel {
  const seed = Math.trunc(opts.seed);
  const devices = Object.freeze(placeNodes(opts.communes ?? gazetteerCommunes(), opts.centreDevices));
  const byId = indexById(devices);

  function report(device: number | string, at: Date) {
    const n = devices[deviceIndex(devices, byId, device)] as NetworkNode;
    const ms = at.getTime();
    const [k0, k1] = deviceKey(seed, n.id, 0) as [number, number, number];
    const { hour, weekend } = localClock(at);
    const degraded = episodeAt([k0, k1, 0xde9], ms, DEGRADED);
    const busy = 1 + 0.4 * demandAt(hour, weekend);
    const jitter = 0.85 + 0.3 * uniformAt(k0, k1, Math.floor(ms / 1000));
    const latencyMs = n.baseLatencyMs * busy * jitter * (degraded ? 8 + 12 * degraded.pick : 1);
    // The last reboot: one a month, at a moment of its own; uptime counts from there.
    const block = Math.floor(ms / REBOOT_BLOCK_MS);
    const bootIn = (b: number) => b * REBOOT_BLOCK_MS + Math.floor(uniformAt(k0, k1, 0xb007, b) * REBOOT_BLOCK_MS);
    const bootAt = bootIn(block) <= ms ? bootIn(block) : bootIn(block - 1);

    const heartbeat: NetworkHeartbeat = {
      dateObserved: toHanoiIso(at),
      kind: n.kind,
      ...(n.communeCode === undefined ? {} : { communeCode: n.communeCode }),
      ...(n.location === undefined ? {} : { location: { type: 'Point', coordinates: [n.location[0], n.location[1]] } }),
      expectedIntervalSeconds: n.periodSeconds,
      status: degraded ? 'degraded' : 'ok',
      latencyMs: Math.round(latencyMs * 10) / 10,
      uptimeSeconds: Math.floor((ms - bootAt) / 1000),
    };
    return { deviceId: n.id, report: heartbeat };
  }

  /** A commune node without power sends nothing; the server's watchdog should notice. */
  function silentAt(device: number, at: Date): boolean {
    const n = devices[device];
    return (
      n?.kind === 'commune_node' && episodeAt(deviceKey(seed, n.id, 0x90ff), at.getTime(), POWER_CUT) !== undefined
    );
  }

  return { feed: 'network', seed, devices, report, silentAt };
}

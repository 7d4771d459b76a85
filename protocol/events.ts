import { z } from 'zod';
import type { AckCallback } from './ack.js';
import type { AcknowledgeRequest, AcknowledgeResult } from './alerts.js';
import type { AlarmState } from './alarms.js';
import type { SessionUser } from './roles.js';
import type { BacklogState } from './backlog.schema.js';
import type { CrimeState } from './crime.schema.js';
import type { DeviceFeed } from './devices.schema.js';
import type { DeviceState } from './devices.state.js';
import type { FiguresRequest, FiguresSnapshot, FiguresState } from './figures.js';
import type { HandoverNote } from './handover.js';
import type { IncidentState } from './incidents.schema.js';
import type { IncidentPresence, UpdateIncidentRequest, WatchIncidentRequest } from './lifecycle.js';
import type { TrafficState } from './traffic.state.js';
import type {
  AssignRequest,
  AssignResult,
  Recommendation,
  RecommendRequest,
  SetUnitStatusRequest,
  SetUnitStatusResult,
} from './units.js';
import type { CrimeDistrictTotal, DistrictBacklog, WallIncident, WallSnapshot, WallSubscribeRequest } from './wall.js';

/** Map layers a console can subscribe to; each is a Socket.IO room `layer:<name>`. */
export const layerSchema = z.enum([
  'traffic',
  'signals',
  'cameras',
  'units',
  'network',
  'incidents',
  'alarms',
  'crime',
  'backlog',
]);
export type Layer = z.infer<typeof layerSchema>;
export const layerRoom = (layer: Layer): string => `layer:${layer}`;

/** A frame: many updates in one emit, merged by id, sent once per tick per room. */
export interface Frame<T> {
  items: T[];
}

/** One stored event, as returned when a console resumes. */
export type FeedEvent =
  | { feed: 'traffic'; seq: number; data: TrafficState }
  | { feed: 'incidents'; seq: number; data: IncidentState }
  | { feed: 'alarms'; seq: number; data: AlarmState }
  | { feed: 'crime'; seq: number; data: CrimeState }
  | { feed: 'backlog'; seq: number; data: BacklogState }
  | { [F in DeviceFeed]: { feed: F; seq: number; data: DeviceState<F> } }[DeviceFeed];

export const subscribeRequestSchema = z.object({ layers: z.array(layerSchema).min(1) });
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;
export type SnapshotResult = {
  /** Highest sequence number stored when the snapshot was taken. */
  head: number;
  traffic: TrafficState[];
  /** Open incidents. */
  incidents: IncidentState[];
  /** Open alarms. */
  alarms: AlarmState[];
  /** Crime reports of the last 30 days, generalised. */
  crime: CrimeState[];
  /** The latest figures of every commune and sector. */
  backlog: BacklogState[];
} & { [F in DeviceFeed]: DeviceState<F>[] };

export const resumeRequestSchema = z.object({
  since: z.number().int().min(0),
  layers: z.array(layerSchema).min(1),
  limit: z.number().int().min(1).max(5000).optional(),
});
export type ResumeRequest = z.infer<typeof resumeRequestSchema>;
export interface ResumeResult {
  /** Events with seq > since, in seq order. Apply by id: a newer observation wins over an older one. */
  events: FeedEvent[];
  /** Highest seq included; ask again from here while hasMore. */
  head: number;
  hasMore: boolean;
}

export interface ServerToClientEvents {
  'traffic:updated': (frame: Frame<TrafficState>) => void;
  'signals:updated': (frame: Frame<DeviceState<'signals'>>) => void;
  'cameras:updated': (frame: Frame<DeviceState<'cameras'>>) => void;
  'units:updated': (frame: Frame<DeviceState<'units'>>) => void;
  'network:updated': (frame: Frame<DeviceState<'network'>>) => void;
  'incidents:updated': (frame: Frame<IncidentState>) => void;
  'alarms:updated': (frame: Frame<AlarmState>) => void;
  'crime:updated': (frame: Frame<CrimeState>) => void;
  'backlog:updated': (frame: Frame<BacklogState>) => void;
  /** The press wall's frames (room `wall`, see wall.ts): public projections only. */
  'wall:traffic': (frame: Frame<TrafficState>) => void;
  'wall:incidents': (frame: Frame<WallIncident>) => void;
  'wall:crime': (frame: Frame<CrimeDistrictTotal>) => void;
  'wall:backlog': (frame: Frame<DistrictBacklog>) => void;
  /** A new sample of the figures at a glance, to the `figures` room (not a frame: one state a minute). */
  'figures:updated': (state: FiguresState) => void;
  /** Who has an incident open (`incidents:watch`), to the incidents room when it changes. */
  'incidents:presence': (presence: IncidentPresence) => void;
  /** A new shift handover note, to every console socket (room `handover`). */
  'handover:created': (note: HandoverNote) => void;
}

export interface ClientToServerEvents {
  /** Join the rooms of these layers and get the current state of each. */
  'layers:subscribe': (req: SubscribeRequest, ack: AckCallback<SnapshotResult>) => void;
  /** After a reconnect: re-join the layers' rooms, then everything stored since `since`, paged. */
  'session:resume': (req: ResumeRequest, ack: AckCallback<ResumeResult>) => void;
  /** Acknowledge an incident or an alarm (alerts.acknowledge); pushed to every console on its layer. */
  'alerts:acknowledge': (req: AcknowledgeRequest, ack: AckCallback<AcknowledgeResult>) => void;
  /** The press wall: join the room `wall` and get its snapshot (wall.view). */
  'wall:subscribe': (req: WallSubscribeRequest, ack: AckCallback<WallSnapshot>) => void;
  /** Join the `figures` room (console.view): the figures now and the samples of the last `hours` (default 2, max 24). */
  'figures:subscribe': (req: FiguresRequest, ack: AckCallback<FiguresSnapshot>) => void;
  /** Change an incident's status, priority, category or duplicate link, or add a note, at `version` (lifecycle.ts). */
  'incidents:update': (req: UpdateIncidentRequest, ack: AckCallback<IncidentState>) => void;
  /** Open / close an incident (console.view): answers and pushes who has it open (`incidents:presence`). */
  'incidents:watch': (req: WatchIncidentRequest, ack: AckCallback<IncidentPresence>) => void;
  'incidents:unwatch': (req: WatchIncidentRequest, ack: AckCallback<IncidentPresence>) => void;
  /** Available units for an incident or a point, ranked by travel time over the roads (console.view; units.ts). */
  'units:recommend': (req: RecommendRequest, ack: AckCallback<Recommendation>) => void;
  /** Send a unit to an incident (incidents.dispatch): recorded, audited, commanded on MQTT (units.ts). */
  'units:assign': (req: AssignRequest, ack: AckCallback<AssignResult>) => void;
  /** Take an idle unit out of service or back (incidents.dispatch): audited, commanded on MQTT (units.ts). */
  'units:setStatus': (req: SetUnitStatusRequest, ack: AckCallback<SetUnitStatusResult>) => void;
}

export type InterServerEvents = Record<string, never>;
export interface SocketData {
  layers: Layer[];
  /** Who is connected, set when the socket authenticates (the session cookie of its handshake). */
  user: SessionUser;
  /** The session's id on the server: logout ends this socket. */
  sessionId: string;
}

import { z } from 'zod';
import { unitKindSchema, unitStatusSchema } from './devices.schema.js';
import type { LonLat } from './geo.js';
import type { IncidentReport } from './incidents.schema.js';
import { canTransition, type IncidentStatus } from './lifecycle.js';
import { deviceTopic, DEFAULT_TOPIC_ROOT } from './topics.js';
import { dateTimeSchema } from './traffic.schema.js';

/**
 * Response units and dispatch: the unit registry (`GET /api/v1/units`), recommendations ranked by
 * travel time over the road network (`GET /api/v1/incidents/<id>/recommendations`, `units:recommend`),
 * assigning a unit (`units:assign`), which publishes a command on MQTT `hanoi/units/<unitId>/commands`
 * for the unit to obey, recalling the units of an incident that is over, and taking a unit out of
 * service or back (`units:setStatus`).
 */
export type UnitKind = z.infer<typeof unitKindSchema>;
export type UnitStatus = z.infer<typeof unitStatusSchema>;

/** Which kinds of unit an incident needs by default, the most needed first. */
export const KINDS_FOR_CATEGORY: Readonly<Record<IncidentReport['category'], readonly UnitKind[]>> = {
  traffic: ['police', 'ambulance'],
  fire: ['fire', 'ambulance'],
  health: ['ambulance'],
  security: ['police'],
  naturalDisaster: ['fire', 'police', 'ambulance'],
  environment: ['fire'],
  infrastructure: ['police'],
  other: ['police'],
};

/** Where a unit is based: a police station, a hospital or a fire station. */
export interface UnitStation {
  id: string;
  name: string;
  kind: 'police' | 'hospital' | 'fire';
  point: LonLat;
}

/** The unit an incident was last assigned, as the registry shows it. */
export interface UnitAssignmentSummary {
  commandId: string;
  incidentId: string;
  assignedAt: string;
  assignedBy: string;
}

/** One unit of the registry with its live state from the units feed. */
export interface UnitInfo {
  id: string;
  kind: UnitKind;
  callSign: string;
  /** Null for a unit heard on the feed but not in the registry. */
  station: UnitStation | null;
  /**
   * From the unit's last report; `dispatched` also while a command was sent in the last
   * ASSIGNMENT_PENDING_SECONDS and the unit has not yet reported it. Null when never heard from.
   */
  status: UnitStatus | null;
  /**
   * The incident the unit is on while `status` is dispatched, en route or on scene: from its report,
   * else its latest command. Null otherwise.
   */
  incidentId: string | null;
  position: LonLat | null;
  observedAt: string | null;
  /** Nothing heard for longer than the feed's expected interval (the watchdog). */
  silent: boolean;
  lastAssignment: UnitAssignmentSummary | null;
}

/**
 * The incident statuses a unit's report moves forward: `en_route` takes a dispatched incident en
 * route, `on_scene` a dispatched or en-route one on scene.
 */
const FOLLOWS_UNIT: Partial<Record<UnitStatus, { to: IncidentStatus; from: readonly IncidentStatus[] }>> = {
  en_route: { to: 'en_route', from: ['dispatched'] },
  on_scene: { to: 'on_scene', from: ['dispatched', 'en_route'] },
};

/**
 * What a unit's report means for the incident it is on: the incident's next status, or null when
 * the report changes nothing (any other unit status; an incident already there or further on, stood
 * down, resolved, closed, cancelled or a duplicate). Never backwards, so a repeated report is a no-op.
 */
export function nextIncidentStatus(unit: UnitStatus, incident: IncidentStatus): IncidentStatus | null {
  const step = FOLLOWS_UNIT[unit];
  return step && step.from.includes(incident) && canTransition(incident, step.to) ? step.to : null;
}

/** A command the unit has not answered on its feed within this is no longer taken as pending. */
export const ASSIGNMENT_PENDING_SECONDS = 120;

export interface UnitsList {
  units: UnitInfo[];
}

const lonLatSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** `units:recommend`: for an incident, or for a point on the map (then `kind`, or every kind). */
export const recommendRequestSchema = z
  .object({
    incidentId: z.string().min(1).max(64).optional(),
    point: lonLatSchema.optional(),
    kind: unitKindSchema.optional(),
    /** Units per kind, best first. Default 5. */
    limit: z.number().int().min(1).max(50).optional(),
  })
  .refine((r) => (r.incidentId === undefined) !== (r.point === undefined), {
    message: 'give either incidentId or point',
    path: ['incidentId'],
  });
export type RecommendRequest = z.infer<typeof recommendRequestSchema>;

/** One stretch of a route on which a unit meets congestion. */
export interface RouteCongestion {
  segmentId: string;
  /** The road's short name, e.g. "Vành đai 2". */
  road: string;
  kmh: number;
  lengthM: number;
}

export interface UnitRecommendation {
  unitId: string;
  kind: UnitKind;
  callSign: string;
  station: UnitStation | null;
  position: LonLat;
  /** 1 = the fastest available unit of its kind. */
  rank: number;
  /** Its rank by straight-line distance alone among the same units (1 = nearest as the crow flies). */
  straightLineRank: number;
  etaSeconds: number;
  /** Along the route. */
  distanceM: number;
  /** As the crow flies, to show why the nearest unit is not always first. */
  straightLineM: number;
  route: { segmentIds: string[]; coordinates: LonLat[] };
  /** The roads taken, by short name, in order. */
  via: string[];
  congestion: RouteCongestion | null;
  /** Why, in words: "6 phút, 4,2 km qua Vành đai 2; ùn tắc 8 km/h trên Vành đai 2 đoạn qua Đống Đa; ...". */
  explanation: string;
  explanationEn: string;
}

/** Units grouped by kind (in `kinds` order), each group fastest first, at most `limit` per kind. */
export interface Recommendation {
  incidentId: string | null;
  target: LonLat;
  kinds: UnitKind[];
  computedAt: string;
  /** Road segments whose current speed came from detector readings (the rest: free-flow by road class). */
  segmentsWithReadings: number;
  units: UnitRecommendation[];
  /** Available units of these kinds the road network could not reach (none, normally). */
  unreachable: string[];
}

/** `units:assign` (permission incidents.dispatch). */
export const assignRequestSchema = z.object({
  incidentId: z.string().min(1).max(64),
  unitId: z.string().min(1).max(64),
});
export type AssignRequest = z.infer<typeof assignRequestSchema>;

/** A unit reporting one of these is on a job: it cannot be sent elsewhere, nor taken out of service. */
export const BUSY_UNIT_STATUSES: readonly UnitStatus[] = ['dispatched', 'en_route', 'on_scene'];

/**
 * The incident statuses that recall the units assigned to an incident: it is over (resolved,
 * closed, cancelled, a duplicate) or stood down (back to acknowledged from dispatched or en route).
 */
export const RECALL_STATUSES: readonly IncidentStatus[] = [
  'resolved',
  'closed',
  'cancelled',
  'duplicate',
  'acknowledged',
];

/** Whether an incident's step from `before` to `after` recalls its units (a repeat of the same status does not). */
export const recallsUnits = (before: IncidentStatus, after: IncidentStatus): boolean =>
  before !== after && RECALL_STATUSES.includes(after) && before !== 'new';

/** `units:setStatus` (permission incidents.dispatch): take an idle unit out of service, or put it back. */
export const setUnitStatusRequestSchema = z.object({
  unitId: z.string().min(1).max(64),
  status: z.enum(['out_of_service', 'available']),
});
export type SetUnitStatusRequest = z.infer<typeof setUnitStatusRequestSchema>;

const commandBase = {
  commandId: z.uuid(),
  issuedAt: dateTimeSchema,
  /** The dispatcher's display name (for a recall: whoever ended the incident). */
  issuedBy: z.string().min(1).max(120),
};

/** `dispatch`: drive to `target` along `route` (coordinates from the unit's position to the target, over the roads). */
export const dispatchCommandSchema = z.object({
  ...commandBase,
  type: z.literal('dispatch'),
  incidentId: z.string().min(1).max(64),
  target: lonLatSchema,
  route: z.array(lonLatSchema).min(2).max(5000),
});
export type DispatchCommand = z.infer<typeof dispatchCommandSchema>;

/**
 * `recall`: leave the job on `incidentId` (the incident went to `incidentStatus`), report
 * `available` and go back to base. A unit no longer on that incident ignores it.
 */
export const recallCommandSchema = z.object({
  ...commandBase,
  type: z.literal('recall'),
  incidentId: z.string().min(1).max(64),
  incidentStatus: z.enum(['resolved', 'closed', 'cancelled', 'duplicate', 'acknowledged']),
});
export type RecallCommand = z.infer<typeof recallCommandSchema>;

/** `set_status`: go out of service (stop where it is), or back in service; the unit reports it on its feed. */
export const setStatusCommandSchema = z.object({
  ...commandBase,
  type: z.literal('set_status'),
  status: setUnitStatusRequestSchema.shape.status,
});
export type SetStatusCommand = z.infer<typeof setStatusCommandSchema>;

/** MQTT `hanoi/units/<unitId>/commands`, QoS 1: what a unit is told to do, by `type`. */
export const unitCommandSchema = z.discriminatedUnion('type', [
  dispatchCommandSchema,
  recallCommandSchema,
  setStatusCommandSchema,
]);
export type UnitCommand = z.infer<typeof unitCommandSchema>;

export interface AssignResult {
  command: DispatchCommand;
  unitId: string;
  etaSeconds: number;
  distanceM: number;
}

export interface SetUnitStatusResult {
  command: SetStatusCommand;
  unitId: string;
}

/** `hanoi/units/<unitId>/commands`: one level below the unit's own feed topic, so `hanoi/units/+` does not match it. */
export const unitCommandTopic = (unitId: string, root = DEFAULT_TOPIC_ROOT): string =>
  `${deviceTopic('units', unitId, root)}/commands`;
export const unitCommandTopicPattern = (root = DEFAULT_TOPIC_ROOT): string => `${root}/units/+/commands`;

/** The unit id of a command topic, or null when the topic is not one. */
export function parseUnitCommandTopic(topic: string, root = DEFAULT_TOPIC_ROOT): string | null {
  const prefix = `${root}/units/`;
  const suffix = '/commands';
  if (!topic.startsWith(prefix) || !topic.endsWith(suffix)) return null;
  const id = topic.slice(prefix.length, topic.length - suffix.length);
  return id.length > 0 && !id.includes('/') ? id : null;
}

export const unitCommandExample: DispatchCommand = {
  commandId: '0b7f5c7e-3c1a-4a8e-9a57-2f1d8c3e4b21',
  type: 'dispatch',
  incidentId: 'INC-0000042',
  target: [105.8245, 21.0105],
  route: [
    [105.8412, 21.0245],
    [105.8361, 21.0178],
    [105.8245, 21.0105],
  ],
  issuedAt: '2026-11-27T08:16:30+07:00',
  issuedBy: 'Trần Thị Điều Phối',
};

import { z } from 'zod';
import type { Ack } from './ack.js';
import { incidentCategorySchema, type IncidentState } from './incidents.schema.js';
import { can, type Permission, type Role } from './roles.js';

/**
 * An incident's lifecycle, as a pure state machine shared by the server (which enforces it) and the
 * console (which offers only what is allowed):
 *
 *   new          → acknowledged | cancelled | duplicate
 *   acknowledged → dispatched | resolved | cancelled | duplicate
 *   dispatched   → en_route | on_scene | resolved | cancelled | acknowledged (stand down: units recalled)
 *   en_route     → on_scene | resolved | cancelled | acknowledged (stand down)
 *   on_scene     → resolved
 *   resolved     → closed | on_scene (reopen)
 *   closed, cancelled, duplicate: final (only notes may still be added)
 *
 * Acknowledging a new incident needs `alerts.acknowledge` (operators and up); every other step needs
 * `incidents.dispatch` (dispatchers, supervisors, administrators). A `duplicate` step names the
 * primary incident (`duplicateOf`); a report linked automatically on arrival keeps its own status.
 */
export const INCIDENT_STATUSES = [
  'new',
  'acknowledged',
  'dispatched',
  'en_route',
  'on_scene',
  'resolved',
  'closed',
  'cancelled',
  'duplicate',
] as const;
export const incidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

export const TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  new: ['acknowledged', 'cancelled', 'duplicate'],
  acknowledged: ['dispatched', 'resolved', 'cancelled', 'duplicate'],
  dispatched: ['en_route', 'on_scene', 'resolved', 'cancelled', 'acknowledged'],
  en_route: ['on_scene', 'resolved', 'cancelled', 'acknowledged'],
  on_scene: ['resolved'],
  resolved: ['closed', 'on_scene'],
  closed: [],
  cancelled: [],
  duplicate: [],
};

/** Statuses an incident never leaves; the console's snapshot leaves them out. */
export const FINAL_STATUSES: readonly IncidentStatus[] = ['closed', 'cancelled', 'duplicate'];
export const isFinalStatus = (s: IncidentStatus): boolean => FINAL_STATUSES.includes(s);

export const canTransition = (from: IncidentStatus, to: IncidentStatus): boolean => TRANSITIONS[from].includes(to);

/** The permission a step needs: acknowledging a new incident is an operator's; the rest a dispatcher's. */
export const transitionPermission = (from: IncidentStatus, to: IncidentStatus): Permission =>
  from === 'new' && to === 'acknowledged' ? 'alerts.acknowledge' : 'incidents.dispatch';

/** The steps `role` may take from `from`. */
export const allowedTransitions = (from: IncidentStatus, role: Role): IncidentStatus[] =>
  TRANSITIONS[from].filter((to) => can(role, transitionPermission(from, to)));

/** When the incident last entered each status after `new` (ISO 8601); `receivedAt` is when it was new. */
export type StatusTimes = Partial<Record<Exclude<IncidentStatus, 'new'>, string>>;

/** 1 is the most urgent. A report's priority starts from its severity; dispatchers change it. */
export const PRIORITIES = [1, 2, 3, 4, 5] as const;
export type IncidentPriority = (typeof PRIORITIES)[number];
export const prioritySchema = z.literal(PRIORITIES);
const PRIORITY_OF_SEVERITY: Record<IncidentState['severity'], IncidentPriority> = {
  critical: 1,
  high: 2,
  medium: 3,
  low: 4,
  informational: 5,
};
export const priorityOfSeverity = (severity: IncidentState['severity']): IncidentPriority =>
  PRIORITY_OF_SEVERITY[severity];

const incidentIdSchema = z.string().min(1).max(64);

/** What one `incidents:update` changes; at least one field. */
export const incidentChangeSchema = z
  .strictObject({
    status: incidentStatusSchema.optional(),
    priority: prioritySchema.optional(),
    category: incidentCategorySchema.optional(),
    /** The primary incident (with `status: 'duplicate'`, or to correct a link); null unlinks. */
    duplicateOf: incidentIdSchema.nullable().optional(),
    /** An internal note, appended with its author and time (never shown to the press). */
    note: z.string().trim().normalize('NFC').min(1).max(2000).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'nothing to change' });
export type IncidentChange = z.infer<typeof incidentChangeSchema>;

/**
 * `incidents:update {id, version, change}`: applied only when `version` is the stored one; otherwise
 * the answer is `{ok: false, error: {code: 'conflict', message, details: {current}}}` and nothing changes.
 */
export const updateIncidentRequestSchema = z.object({
  id: incidentIdSchema,
  version: z.number().int().min(1),
  change: incidentChangeSchema,
});
export type UpdateIncidentRequest = z.infer<typeof updateIncidentRequestSchema>;

/** The `details` of a `conflict` answer: the incident as it is now, to show beside the user's edit. */
export interface IncidentConflictDetails {
  current: IncidentState;
}
/** The current incident of a `conflict` answer, or undefined. */
export const conflictOf = (ack: Ack<unknown>): IncidentState | undefined =>
  !ack.ok && ack.error.code === 'conflict'
    ? (ack.error.details as IncidentConflictDetails | undefined)?.current
    : undefined;

/** The fields a change really changes (a value equal to the current one is dropped). */
export interface IncidentPatch {
  status?: IncidentStatus;
  priority?: IncidentPriority;
  category?: IncidentState['category'];
  duplicateOf?: string | null;
  note?: string;
}
export type ChangePlan =
  | { ok: true; patch: IncidentPatch }
  | { ok: false; code: 'forbidden' | 'invalid_transition' | 'invalid_request'; message: string };

/**
 * Checks a change against the incident as it is and the user's role: what may be done, and the patch
 * that does it. A step the state machine never allows is `invalid_transition` for every role; an
 * allowed one the role may not take is `forbidden`. Pure; the server runs it inside the transaction
 * that holds the incident's row.
 */
export function planChange(current: IncidentState, change: IncidentChange, role: Role): ChangePlan {
  const patch: IncidentPatch = {};
  const refuse = (code: 'forbidden' | 'invalid_transition' | 'invalid_request', message: string): ChangePlan => ({
    ok: false,
    code,
    message,
  });
  const needs = (permission: Permission, what: string): ChangePlan | undefined =>
    can(role, permission) ? undefined : refuse('forbidden', `The role ${role} may not ${what}.`);

  if (change.note !== undefined) {
    const denied = needs('alerts.acknowledge', 'add notes');
    if (denied) return denied;
    patch.note = change.note;
  }
  const status = change.status !== undefined && change.status !== current.status ? change.status : undefined;
  if (status) {
    if (!canTransition(current.status, status))
      return refuse('invalid_transition', `${current.id} is ${current.status}: it cannot become ${status}.`);
    const denied = needs(transitionPermission(current.status, status), `change an incident to ${status}`);
    if (denied) return denied;
    patch.status = status;
  }
  const edits = {
    priority: change.priority !== undefined && change.priority !== current.priority ? change.priority : undefined,
    category: change.category !== undefined && change.category !== current.category ? change.category : undefined,
    duplicateOf:
      change.duplicateOf !== undefined && change.duplicateOf !== current.duplicateOf ? change.duplicateOf : undefined,
  };
  if (Object.values(edits).some((v) => v !== undefined)) {
    const denied = needs('incidents.dispatch', 'edit incidents');
    if (denied) return denied;
    if (isFinalStatus(current.status))
      return refuse('invalid_transition', `${current.id} is ${current.status}: only notes may be added.`);
  }
  if (edits.priority !== undefined) patch.priority = edits.priority;
  if (edits.category !== undefined) patch.category = edits.category;
  if (edits.duplicateOf !== undefined) patch.duplicateOf = edits.duplicateOf;

  const primary = patch.duplicateOf !== undefined ? patch.duplicateOf : current.duplicateOf;
  if (primary === current.id) return refuse('invalid_request', 'An incident cannot duplicate itself.');
  if (status === 'duplicate' && primary === null)
    return refuse('invalid_request', 'A duplicate names its primary incident (duplicateOf).');
  return { ok: true, patch };
}

/** `incidents:watch {id}` / `incidents:unwatch {id}` (console.view): who has an incident open. */
export const watchIncidentRequestSchema = z.object({ id: incidentIdSchema });
export type WatchIncidentRequest = z.infer<typeof watchIncidentRequestSchema>;
export interface PresenceUser {
  id: number;
  displayName: string;
  role: Role;
}
/** Pushed as `incidents:presence` to the incidents room when the users who have it open change. */
export interface IncidentPresence {
  id: string;
  users: PresenceUser[];
}

/** `GET /api/v1/incidents/<id>/timeline` (console.view): the incident's record, oldest first. */
export type TimelineEntry =
  | { kind: 'reported'; at: string; agency: string; alertSource: IncidentState['alertSource'] }
  /** A change from the audit log: who, and each field's value before and after. */
  | {
      kind: 'change';
      at: string;
      auditId: number;
      action: string;
      by: TimelineAuthor | TimelineUnitAuthor;
      changes: FieldChange[];
    }
  /** A unit sent to the incident (`units:assign`): by whom, which unit, its estimated travel time then. */
  | {
      kind: 'assignment';
      at: string;
      auditId: number;
      by: TimelineAuthor;
      unitId: string;
      /** Null for assignments recorded before call signs were kept in the audit log. */
      callSign: string | null;
      etaSeconds: number | null;
    }
  /** A status time with no audited change behind it (set before the audit log existed). */
  | { kind: 'status'; at: string; status: IncidentStatus }
  /** An internal note: for roles with alerts.acknowledge only. */
  | { kind: 'note'; at: string; noteId: number; by: TimelineAuthor; text: string };
export interface TimelineAuthor {
  userId: number;
  username: string;
  displayName: string;
}
/** A response unit whose own report made the change (en route, on scene: `action` is `unit_report`). */
export interface TimelineUnitAuthor {
  unitId: string;
  callSign: string;
  /** "Đơn vị <callSign>". */
  displayName: string;
}
export type FieldChange =
  | { field: 'status'; from: IncidentStatus; to: IncidentStatus }
  | { field: 'priority'; from: IncidentPriority; to: IncidentPriority }
  | { field: 'category'; from: IncidentState['category']; to: IncidentState['category'] }
  | { field: 'duplicateOf'; from: string | null; to: string | null };
export interface IncidentTimeline {
  incident: IncidentState;
  entries: TimelineEntry[];
}

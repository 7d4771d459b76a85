import type {
  AuditEntry,
  FieldChange,
  IncidentState,
  IncidentStatus,
  IncidentTimeline,
  TimelineAuthor,
  TimelineEntry,
  TimelineUnitAuthor,
} from '../../../../protocol/index.js';
import type { AuditService } from '../audit/audit.service.js';
import type { IncidentNote, IncidentsRepository } from './incidents.repository.js';

export type AuditRow = AuditEntry & { displayName: string | null };

const FIELDS = ['status', 'priority', 'category', 'duplicateOf'] as const;
const ORDER: Record<TimelineEntry['kind'], number> = { reported: 0, status: 1, change: 2, assignment: 2, note: 3 };
const idOf = (e: TimelineEntry) =>
  e.kind === 'change' || e.kind === 'assignment' ? e.auditId : e.kind === 'note' ? e.noteId : 0;

/** The fields an audited change changed (a row's before and after are the incident as consoles saw it). */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = (before ?? {}) as Partial<Record<(typeof FIELDS)[number], unknown>>;
  const a = (after ?? {}) as Partial<Record<(typeof FIELDS)[number], unknown>>;
  const changes: FieldChange[] = [];
  for (const field of FIELDS) {
    if (a[field] === undefined || a[field] === b[field]) continue;
    changes.push({ field, from: b[field] ?? null, to: a[field] } as FieldChange);
  }
  return changes;
}

/** Who made an audited change: the account, or the response unit whose report it was ("Đơn vị <callSign>"). */
function authorOf(row: AuditRow): TimelineAuthor | TimelineUnitAuthor {
  if (row.userId === null)
    return { unitId: row.unit.id, callSign: row.unit.callSign, displayName: `Đơn vị ${row.unit.callSign}` };
  return { userId: row.userId, username: row.username, displayName: row.displayName ?? row.username };
}

/** A unit's assignment as the timeline shows it (the audit row's `after` names the unit and its ETA). */
function assignmentOf(row: AuditRow): TimelineEntry | null {
  const after = (row.after ?? {}) as { unitId?: unknown; callSign?: unknown; etaSeconds?: unknown };
  if (typeof after.unitId !== 'string' || row.userId === null) return null;
  return {
    kind: 'assignment',
    at: row.at,
    auditId: row.id,
    by: { userId: row.userId, username: row.username, displayName: row.displayName ?? row.username },
    unitId: after.unitId,
    callSign: typeof after.callSign === 'string' ? after.callSign : null,
    etaSeconds: typeof after.etaSeconds === 'number' ? after.etaSeconds : null,
  };
}

/**
 * An incident's record, oldest first: when it was reported, every audited change (who, and each
 * field before and after), any status time no audited change explains (e.g. an acknowledgement made
 * before the audit log existed) and, when `withNotes`, the internal notes. A change that only added a
 * note shows as the note.
 */
export function buildTimeline(
  incident: IncidentState,
  audit: AuditRow[],
  notes: IncidentNote[],
  withNotes: boolean,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    { kind: 'reported', at: incident.receivedAt, agency: incident.agency, alertSource: incident.alertSource },
  ];
  const explained = new Set<string>();
  for (const row of audit) {
    const assignment = row.action === 'assign_unit' ? assignmentOf(row) : null;
    if (assignment) entries.push(assignment);
    const changes = changedFields(row.before, row.after);
    if (changes.length === 0) continue;
    for (const c of changes) if (c.field === 'status') explained.add(`${c.to}@${row.at}`);
    entries.push({
      kind: 'change',
      at: row.at,
      auditId: row.id,
      action: row.action,
      by: authorOf(row),
      changes,
    });
  }
  for (const [status, at] of Object.entries(incident.statusTimes) as Array<[IncidentStatus, string]>)
    if (!explained.has(`${status}@${at}`)) entries.push({ kind: 'status', at, status });
  if (withNotes)
    for (const n of notes)
      entries.push({
        kind: 'note',
        at: n.at,
        noteId: n.id,
        by: { userId: n.userId, username: n.username, displayName: n.displayName },
        text: n.text,
      });
  return entries.sort((x, y) =>
    x.at !== y.at ? (x.at < y.at ? -1 : 1) : ORDER[x.kind] - ORDER[y.kind] || idOf(x) - idOf(y),
  );
}

/** `GET /api/v1/incidents/<id>/timeline`: the audit log and the notes merged for one incident. */
export function createTimelineService(deps: {
  repo: Pick<IncidentsRepository, 'get' | 'notes'>;
  audit: Pick<AuditService, 'forTarget'>;
}) {
  return {
    /** Null when there is no such incident. */
    async timeline(id: string, opts: { withNotes: boolean }): Promise<IncidentTimeline | null> {
      const incident = await deps.repo.get(id);
      if (!incident) return null;
      const [audit, notes] = await Promise.all([
        deps.audit.forTarget('incident', id),
        opts.withNotes ? deps.repo.notes(id) : Promise.resolve([]),
      ]);
      return { incident, entries: buildTimeline(incident, audit, notes, opts.withNotes) };
    },
  };
}

export type TimelineService = ReturnType<typeof createTimelineService>;

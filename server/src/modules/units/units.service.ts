import { randomUUID } from 'node:crypto';
import {
  ASSIGNMENT_PENDING_SECONDS,
  BUSY_UNIT_STATUSES,
  inHanoi,
  isFinalStatus,
  KINDS_FOR_CATEGORY,
  unitKindSchema,
  type AssignRequest,
  type AssignResult,
  type DeviceState,
  type DispatchCommand,
  type IncidentState,
  type LonLat,
  type Recommendation,
  type RecommendRequest,
  type SessionUser,
  type TrafficState,
  type UnitInfo,
  type UnitKind,
  type UnitRecommendation,
} from '../../../../protocol/index.js';
import type { SequencedTransaction, Tx } from '../../platform/db/transaction.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log.js';
import { explainRoute } from '../../routing/explain.js';
import { speedModel, speedsFromReadings } from '../../routing/speeds.js';
import { rankByTravelTime, routeFrom, travelTree } from '../../routing/travel.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RoadNetwork } from './road-network.js';
import { busyError, DispatchError, UnavailableCommandError } from './units.errors.js';
import type { RegistryUnit, UnitsRepository } from './units.repository.js';

/** A command not yet acknowledged by the broker still holds its unit this long (the publisher gives up after 5 s). */
export const IN_FLIGHT_SECONDS = 10;

/** Whether the unit is on a job (by its own report, or a command just sent to it). */
export const isBusy = (unit: Pick<UnitInfo, 'status'>): boolean =>
  unit.status !== null && BUSY_UNIT_STATUSES.includes(unit.status);

/** What the units module needs of the incidents module. */
export interface IncidentsPort {
  get(id: string): Promise<IncidentState | null>;
  /**
   * Inside the assignment's transaction (holding the sequencer lock): the incident becomes
   * dispatched (a new one is acknowledged first). Returns the state to publish after the commit, or
   * null when it was already dispatched or further on; throws `incident_closed` when it has been
   * resolved or ended meanwhile.
   */
  markDispatched(tx: Tx, id: string, user: SessionUser): Promise<IncidentState | null>;
  publish(state: IncidentState): void;
}

/** Units per kind in a recommendation, unless asked. */
const DEFAULT_LIMIT = 5;
const UNIT_KINDS = unitKindSchema.options;

/**
 * Response units: the registry with each unit's live state, recommendations ranked by travel time
 * over the roads at current speeds, and assigning a unit to an incident (recorded, audited, the
 * incident marked dispatched, then the command sent to the unit over MQTT).
 */
export function createUnitsService(deps: {
  repo: UnitsRepository;
  network: RoadNetwork;
  /** The units feed's latest state per unit. */
  liveUnits: () => Promise<DeviceState<'units'>[]>;
  /** Every detector's latest reading. */
  detectors: () => Promise<TrafficState[]>;
  incidents: IncidentsPort;
  transaction: SequencedTransaction;
  audit: Pick<AuditService, 'record'>;
  sendCommand: (unitId: string, command: DispatchCommand) => Promise<void>;
  log: Logger;
}) {
  const log = deps.log.child({ scope: 'units' });

  async function list(): Promise<UnitInfo[]> {
    const [registry, live, assignments] = await Promise.all([
      deps.repo.registry(),
      deps.liveUnits(),
      deps.repo.latestAssignments(ASSIGNMENT_PENDING_SECONDS),
    ]);
    const liveById = new Map(live.map((s) => [s.deviceId, s]));
    const known = new Set(registry.map((u) => u.id));
    const info = (u: Omit<RegistryUnit, 'station'> & { station: RegistryUnit['station'] | null }): UnitInfo => {
      const state = liveById.get(u.id);
      const latest = assignments.get(u.id);
      const reported = state?.report.status ?? null;
      const pending = latest?.pending && reported === 'available';
      const onJob = reported !== null && BUSY_UNIT_STATUSES.includes(reported);
      return {
        id: u.id,
        kind: state?.report.kind ?? u.kind,
        callSign: state?.report.callSign ?? u.callSign,
        station: u.station,
        // A command just sent that the unit's feed has not caught up with yet.
        status: pending ? 'dispatched' : reported,
        incidentId: onJob
          ? (state?.report.incidentId ?? latest?.assignment.incidentId ?? null)
          : pending
            ? (latest?.assignment.incidentId ?? null)
            : null,
        position: state?.position ?? null,
        observedAt: state?.observedAt ?? null,
        silent: state?.silent ?? false,
        lastAssignment: latest?.assignment ?? null,
      };
    };
    return [
      ...registry.map(info),
      ...live
        .filter((s) => !known.has(s.deviceId))
        .map((s) =>
          info({ id: s.deviceId, kind: s.report.kind, callSign: s.report.callSign ?? s.deviceId, station: null }),
        ),
    ];
  }

  async function incidentTarget(id: string): Promise<{ incident: IncidentState; target: LonLat }> {
    const incident = await deps.incidents.get(id);
    if (!incident) throw new NotFoundError(`There is no incident ${id}.`);
    if (!incident.position) throw new DispatchError('no_position', `${id} has no position to send units to.`);
    return { incident, target: incident.position };
  }

  const treeTo = async (target: LonLat) =>
    travelTree(deps.network.graph, target, speedModel(speedsFromReadings(await deps.detectors())));

  return {
    /** Adds the fleet to the registry (and updates units already in it). */
    seed: (fleet: readonly RegistryUnit[]): Promise<void> => deps.repo.upsert(fleet),

    list,

    /** Available units of the needed kinds, fastest first by kind, each with its route and why. */
    async recommend(req: RecommendRequest): Promise<Recommendation> {
      let target: LonLat;
      let kinds: readonly UnitKind[];
      if (req.incidentId !== undefined) {
        const { incident, target: at } = await incidentTarget(req.incidentId);
        target = at;
        kinds = req.kind ? [req.kind] : KINDS_FOR_CATEGORY[incident.category];
      } else {
        target = req.point as LonLat;
        if (!inHanoi(target)) throw new ValidationError('The point is outside Hanoi.');
        kinds = req.kind ? [req.kind] : UNIT_KINDS;
      }
      const [units, detectors] = await Promise.all([list(), deps.detectors()]);
      const speeds = speedsFromReadings(detectors);
      const tree = travelTree(deps.network.graph, target, speedModel(speeds));
      const recommended: UnitRecommendation[] = [];
      const unreachable: string[] = [];
      for (const kind of kinds) {
        const candidates = units.flatMap((u) =>
          u.kind === kind && u.status === 'available' && !u.silent && u.position
            ? [{ unit: u, position: u.position }]
            : [],
        );
        const ranked = rankByTravelTime(tree, candidates);
        const reached = new Set(ranked.map((r) => r.origin.unit.id));
        unreachable.push(...candidates.filter((c) => !reached.has(c.unit.id)).map((c) => c.unit.id));
        for (const { origin, plan, rank, straightLineRank } of ranked.slice(0, req.limit ?? DEFAULT_LIMIT)) {
          const why = explainRoute(plan, { label: deps.network.label, rank, straightLineRank });
          recommended.push({
            unitId: origin.unit.id,
            kind,
            callSign: origin.unit.callSign,
            station: origin.unit.station,
            position: origin.position,
            rank,
            straightLineRank,
            etaSeconds: plan.etaSeconds,
            distanceM: plan.distanceM,
            straightLineM: plan.straightLineM,
            route: { segmentIds: plan.segmentIds, coordinates: plan.coordinates },
            via: why.via,
            congestion: why.congestion,
            explanation: why.vi,
            explanationEn: why.en,
          });
        }
      }
      return {
        incidentId: req.incidentId ?? null,
        target,
        kinds: [...kinds],
        computedAt: new Date().toISOString(),
        segmentsWithReadings: speeds.size,
        units: recommended,
        unreachable,
      };
    },

    /**
     * Sends a unit to an incident: the route at current speeds, the assignment recorded and audited
     * and the incident marked dispatched in one transaction, then the command published (QoS 1) and
     * the incident's change pushed. Answers with the command. A unit on another job (by its report,
     * or a command sent in the last ASSIGNMENT_PENDING_SECONDS) is refused as `unit_busy`; sending it
     * again to its own incident is allowed. The unit's earlier jobs on other incidents end here.
     */
    async assign(req: AssignRequest, user: SessionUser): Promise<AssignResult> {
      const { incident, target } = await incidentTarget(req.incidentId);
      if (isFinalStatus(incident.status) || incident.status === 'resolved')
        throw new DispatchError('incident_closed', `${incident.id} is ${incident.status}: no unit can be sent.`);
      const unit = (await list()).find((u) => u.id === req.unitId);
      if (!unit) throw new NotFoundError(`There is no unit ${req.unitId}.`);
      if (isBusy(unit) && unit.incidentId !== incident.id) throw busyError(unit, unit.incidentId);
      if (unit.status === 'out_of_service' || unit.silent || !unit.position)
        throw new DispatchError(
          'unit_unavailable',
          `${unit.callSign} is ${unit.silent ? 'silent' : (unit.status ?? 'not reporting')}.`,
        );
      const plan = routeFrom(await treeTo(target), unit.position);
      if (!plan) throw new DispatchError('unreachable', `No road leads from ${unit.callSign} to ${incident.id}.`);

      const command: DispatchCommand = {
        commandId: randomUUID(),
        type: 'dispatch',
        incidentId: incident.id,
        target,
        route: plan.coordinates,
        issuedAt: new Date().toISOString(),
        issuedBy: user.displayName,
      };
      const changed = await deps.transaction(async (tx) => {
        // Under the sequencer lock: of two dispatchers sending the same unit at once, the second sees the first's job.
        const open = await deps.repo.openAssignment(tx, unit.id, {
          withinSeconds: ASSIGNMENT_PENDING_SECONDS,
          inFlightSeconds: IN_FLIGHT_SECONDS,
        });
        if (open && open.incidentId !== incident.id) throw busyError(unit, open.incidentId);
        const state = await deps.incidents.markDispatched(tx, incident.id, user);
        await deps.repo.insertAssignment(tx, {
          commandId: command.commandId,
          incidentId: incident.id,
          unitId: unit.id,
          target,
          route: plan.coordinates,
          segmentIds: plan.segmentIds,
          etaSeconds: plan.etaSeconds,
          distanceM: plan.distanceM,
          assignedBy: { userId: user.id, name: user.displayName },
        });
        await deps.repo.releaseOtherAssignments(tx, unit.id, incident.id);
        await deps.audit.record(tx, {
          user,
          action: 'assign_unit',
          target: { kind: 'incident', id: incident.id },
          before: { unitId: unit.id, unitStatus: unit.status, incidentStatus: incident.status },
          after: {
            unitId: unit.id,
            callSign: unit.callSign,
            commandId: command.commandId,
            etaSeconds: plan.etaSeconds,
            distanceM: plan.distanceM,
            incidentStatus: state?.status ?? incident.status,
          },
        });
        return state;
      });
      if (changed) deps.incidents.publish(changed);
      try {
        await deps.sendCommand(unit.id, command);
      } catch (err) {
        log.error({ err: (err as Error).message, unit: unit.id, commandId: command.commandId }, 'command not sent');
        throw new UnavailableCommandError();
      }
      await deps.repo.markPublished(command.commandId);
      log.info(
        {
          unit: unit.id,
          incident: incident.id,
          user: user.username,
          eta: plan.etaSeconds,
          commandId: command.commandId,
        },
        'unit assigned',
      );
      return { command, unitId: unit.id, etaSeconds: plan.etaSeconds, distanceM: plan.distanceM };
    },
  };
}

export type UnitsService = ReturnType<typeof createUnitsService>;

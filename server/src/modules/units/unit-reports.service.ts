import { Counter, type Registry } from 'prom-client';
import { nextIncidentStatus, type DeviceFeed } from '../../../../protocol/index.js';
import type { SequencedTransaction } from '../../platform/db/transaction.js';
import type { Logger } from '../../platform/log.js';
import type { DeviceReportRow } from '../devices/devices.repository.js';
import type { DevicesService } from '../devices/devices.service.js';
import type { IncidentsRepository } from '../incidents/incidents.repository.js';
import type { LifecycleService } from '../incidents/lifecycle.service.js';
import type { UnitsRepository } from './units.repository.js';

/** A unit's latest command is its job for this long (unless recalled or superseded before). */
export const ASSIGNMENT_RECENT_SECONDS = 4 * 3600;
/** Reports waiting to be followed; past this the oldest are dropped (and counted in the log): ingest never waits. */
const MAX_QUEUED = 10_000;

interface Job {
  unitId: string;
  status: 'en_route' | 'on_scene';
  incidentId: string | undefined;
  callSign: string | undefined;
}

/**
 * The incident follows its unit: a unit's `en_route` or `on_scene` report moves the incident it is
 * assigned to (its latest command, within ASSIGNMENT_RECENT_SECONDS, not recalled nor superseded)
 * forward through the incidents module's lifecycle: versioned, audited with the unit as the actor,
 * pushed on `incidents:updated`. A report naming another incident, or from a unit with no job,
 * moves no incident: it is logged and counted (`hanoi_unit_reports_ignored_total`); the unit's own
 * status and position are stored as for any report. Runs after the units feed's batch is
 * committed, one report at a time off the ingest path: `reported` only queues. Errors are logged,
 * never thrown back to ingest.
 */
export function createUnitReportsFollower(deps: {
  repo: Pick<UnitsRepository, 'currentAssignment' | 'callSign'>;
  incidents: Pick<IncidentsRepository, 'get'>;
  lifecycle: Pick<LifecycleService, 'applyUnitReportIn' | 'publish'>;
  transaction: SequencedTransaction;
  recentSeconds?: number;
  /** Where the count of ignored reports is kept (the server's metrics). */
  registry?: Registry;
  log: Logger;
}) {
  const log = deps.log.child({ scope: 'units' });
  const recentSeconds = deps.recentSeconds ?? ASSIGNMENT_RECENT_SECONDS;
  const ignored = new Counter({
    name: 'hanoi_unit_reports_ignored_total',
    help: "Units' en-route and on-scene reports that moved no incident: the unit was not assigned to it",
    labelNames: ['reason'] as const,
    registers: deps.registry ? [deps.registry] : [],
  });
  /** In arrival order; a report already waiting (same unit, status and incident) is not queued twice. */
  const queue = new Map<string, Job>();
  let draining: Promise<void> | undefined;
  let dropped = 0;
  let closed = false;
  /** The last mismatch logged per unit, so a unit repeating it is not logged again. */
  const warned = new Map<string, string>();

  async function follow(job: Job): Promise<void> {
    const assigned = (await deps.repo.currentAssignment(job.unitId, recentSeconds))?.incidentId;
    if (!assigned || (job.incidentId !== undefined && job.incidentId !== assigned)) {
      const reason = assigned ? 'other_incident' : 'not_assigned';
      ignored.inc({ reason });
      // Once per unit and mismatch (a unit reports every few seconds); a unit with no job naming no
      // incident (driving a job of its own) only at debug level.
      const key = `${reason}\n${job.incidentId ?? ''}\n${assigned ?? ''}`;
      const what = { unit: job.unitId, status: job.status, reported: job.incidentId, assigned, reason };
      if (job.incidentId === undefined) log.debug(what, 'unit on a job it was not assigned; no incident changed');
      else if (warned.get(job.unitId) !== key) {
        warned.set(job.unitId, key);
        log.warn(what, 'unit report names an incident the unit is not assigned to; no incident changed');
      }
      return;
    }
    warned.delete(job.unitId);
    const incidentId = assigned;
    // Without the lock first: a repeated report (the common case) costs one read and no transaction.
    const incident = await deps.incidents.get(incidentId);
    if (!incident) {
      log.debug({ unit: job.unitId, incident: incidentId }, 'unit report names an unknown incident; ignored');
      return;
    }
    if (!nextIncidentStatus(job.status, incident.status)) return;
    const unit = {
      unitId: job.unitId,
      callSign: job.callSign ?? (await deps.repo.callSign(job.unitId)) ?? job.unitId,
    };
    const outcome = await deps.transaction((tx) => deps.lifecycle.applyUnitReportIn(tx, incidentId, job.status, unit));
    if (outcome.kind !== 'updated') return;
    deps.lifecycle.publish(outcome.after);
    log.info(
      { unit: job.unitId, incident: incidentId, status: outcome.after.status, version: outcome.after.version },
      'incident follows its unit',
    );
  }

  async function drain(): Promise<void> {
    for (let next = queue.entries().next(); !next.done; next = queue.entries().next()) {
      const [key, job] = next.value;
      queue.delete(key);
      try {
        await follow(job);
      } catch (err) {
        log.error(
          { err: (err as Error).message, unit: job.unitId, status: job.status, incident: job.incidentId },
          'unit report not followed',
        );
      }
    }
    if (dropped > 0) {
      log.warn({ dropped }, 'unit reports not followed: too many waiting');
      dropped = 0;
    }
  }

  function kick(): void {
    if (draining) return;
    draining = drain().finally(() => {
      draining = undefined;
      // A report queued while the last pass was finishing.
      if (queue.size > 0) kick();
    });
  }

  return {
    /** A committed batch of the units feed: queues its en-route and on-scene reports and returns at once. */
    reported(rows: readonly DeviceReportRow<'units'>[]): void {
      if (closed) return;
      for (const { deviceId, report } of rows) {
        if (report.status !== 'en_route' && report.status !== 'on_scene') continue;
        const key = `${deviceId}\n${report.status}\n${report.incidentId ?? ''}`;
        if (queue.has(key)) continue;
        if (queue.size >= MAX_QUEUED) {
          queue.delete(queue.keys().next().value as string);
          dropped++;
        }
        queue.set(key, {
          unitId: deviceId,
          status: report.status,
          incidentId: report.incidentId,
          callSign: report.callSign,
        });
      }
      kick();
    },

    /** Follows what is queued, then takes no more. */
    async close(): Promise<void> {
      closed = true;
      while (draining) await draining;
    },
  };
}

export type UnitReportsFollower = ReturnType<typeof createUnitReportsFollower>;

/**
 * The devices service as the units feed uses it: each batch stored as before, then handed to the
 * follower (which only queues), so the feed's acknowledgements never wait for the incidents.
 */
export function followingUnitReports(
  devices: DevicesService,
  follower: Pick<UnitReportsFollower, 'reported'>,
  log: Logger,
): DevicesService {
  return {
    ...devices,
    async storeBatch<F extends DeviceFeed>(feed: F, rows: DeviceReportRow<F>[]): Promise<void> {
      await devices.storeBatch(feed, rows);
      if (feed !== 'units') return;
      try {
        follower.reported(rows as DeviceReportRow<'units'>[]);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'unit reports not queued for their incidents');
      }
    },
  };
}

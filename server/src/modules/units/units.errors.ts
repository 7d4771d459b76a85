import type { UnitInfo } from '../../../../protocol/index.js';
import { AppError } from '../../platform/errors.js';

/**
 * Why a unit cannot be sent (or taken out of service): the incident is over or has no place, the
 * unit is out of service or silent, or on another job (`unit_busy`).
 */
export class DispatchError extends AppError {
  readonly status = 409;
  constructor(
    readonly code: 'incident_closed' | 'no_position' | 'unit_unavailable' | 'unreachable' | 'unit_busy',
    message: string,
  ) {
    super(message);
  }
}

/** The refusal for a unit on a job (on `onIncident`, when it is known). */
export const busyError = (unit: Pick<UnitInfo, 'callSign' | 'status'>, onIncident: string | null): DispatchError =>
  new DispatchError(
    'unit_busy',
    `${unit.callSign} is on another job${onIncident ? ` (${onIncident})` : ''}: ${unit.status ?? 'assigned'}.`,
  );

/** The order (an assignment, a status) is recorded but the broker did not confirm the command: try again. */
export class UnavailableCommandError extends AppError {
  readonly status = 503;
  readonly code = 'command_not_sent';
  constructor() {
    super('The order is recorded, but the command did not reach the broker. Try again.');
  }
}

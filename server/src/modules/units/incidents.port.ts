import { canTransition, isFinalStatus } from '../../../../protocol/index.js';
import { NotFoundError } from '../../platform/errors.js';
import type { IncidentsRepository } from '../incidents/incidents.repository.js';
import type { LifecycleService } from '../incidents/lifecycle.service.js';
import { DispatchError } from './units.errors.js';
import type { IncidentsPort } from './units.service.js';

/**
 * The units module's view of incidents, through the incidents module's own API: its lifecycle
 * service changes the status (checked against the state machine, versioned and audited in the
 * assignment's transaction) and publishes the change.
 */
export function incidentsPort(
  lifecycle: Pick<LifecycleService, 'applyIn' | 'publish'>,
  repo: Pick<IncidentsRepository, 'get'>,
): IncidentsPort {
  return {
    get: (id) => repo.get(id),
    async markDispatched(tx, id, user) {
      const current = await repo.get(id, tx);
      if (!current) throw new NotFoundError(`There is no incident ${id}.`);
      // Ended since the assignment was checked (its units are being recalled): send no one.
      if (isFinalStatus(current.status) || current.status === 'resolved')
        throw new DispatchError('incident_closed', `${id} is ${current.status}: no unit can be sent.`);
      let latest = null;
      if (current.status === 'new') {
        const acknowledged = await lifecycle.applyIn(tx, id, { status: 'acknowledged' }, user);
        if (acknowledged.kind === 'updated') latest = acknowledged.after;
      }
      if (!canTransition(latest?.status ?? current.status, 'dispatched')) return latest;
      const dispatched = await lifecycle.applyIn(tx, id, { status: 'dispatched' }, user);
      return dispatched.kind === 'updated' ? dispatched.after : latest;
    },
    publish: (state) => lifecycle.publish(state),
  };
}

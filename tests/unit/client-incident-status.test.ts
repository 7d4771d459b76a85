import { describe, expect, it } from 'vitest';
import { countStatusGroups, statusGroup } from '../../client/src/features/incidents/incident-status.js';
import { INCIDENT_STATUSES, type IncidentState } from '../../protocol/index.js';

// Built by assertion: only what the counts read.
const incident = (id: string, over: Partial<IncidentState> = {}): IncidentState =>
  ({ id, status: 'new', severity: 'high', duplicateOf: null, ...over }) as IncidentState;

describe("an incident's status as the map marks it", () => {
  it('groups dispatched and en route together, and leaves the final statuses off the map', () => {
    expect(Object.fromEntries(INCIDENT_STATUSES.map((s) => [s, statusGroup(s)]))).toEqual({
      new: 'new',
      acknowledged: 'acknowledged',
      dispatched: 'responding',
      en_route: 'responding',
      on_scene: 'on_scene',
      resolved: 'resolved',
      closed: null,
      cancelled: null,
      duplicate: null,
    });
  });

  it('counts open incidents per group for the legend, a duplicate report apart as the severity rows do', () => {
    const counts = countStatusGroups([
      incident('a'),
      incident('b', { status: 'acknowledged' }),
      incident('c', { status: 'dispatched' }),
      incident('d', { status: 'en_route' }),
      incident('e', { status: 'on_scene' }),
      incident('f', { status: 'resolved' }),
      incident('g', { status: 'dispatched', duplicateOf: 'c' }),
      incident('h', { status: 'closed' }),
    ]);
    expect(counts).toEqual({ new: 1, acknowledged: 1, responding: 2, on_scene: 1, resolved: 1 });
  });
});

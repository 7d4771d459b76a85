import { describe, expect, it } from 'vitest';
import { ApiError } from '../../client/src/api/http.js';
import { dispatchError } from '../../client/src/features/dispatch/dispatch-errors.js';
import { stepButtons } from '../../client/src/features/dispatch/steps.js';
import { CommandError } from '../../client/src/realtime/sync.js';

const targets = (status: Parameters<typeof stepButtons>[0], role: Parameters<typeof stepButtons>[1]) =>
  stepButtons(status, role).map((s) => s.to);

describe('the lifecycle buttons of the incident panel', () => {
  it('offers an operator only the acknowledgement of a new incident', () => {
    expect(targets('new', 'operator')).toEqual(['acknowledged']);
    expect(targets('acknowledged', 'operator')).toEqual([]);
    expect(targets('new', 'viewer')).toEqual([]);
    expect(targets('new', 'press')).toEqual([]);
  });

  it('puts the forward step first for a dispatcher, and never offers a bare "duplicate"', () => {
    const steps = stepButtons('new', 'dispatcher');
    expect(steps[0]).toMatchObject({ to: 'acknowledged', primary: true, confirm: false });
    expect(steps.map((s) => s.to)).toEqual(['acknowledged', 'cancelled']);
    expect(stepButtons('en_route', 'dispatcher')[0]).toMatchObject({ to: 'on_scene', primary: true });
  });

  it('names going back a stand-down or a reopening, and asks twice before ending or recalling', () => {
    const fromDispatched = stepButtons('dispatched', 'supervisor');
    expect(fromDispatched.find((s) => s.to === 'acknowledged')).toMatchObject({ label: 'standDown', confirm: true });
    expect(fromDispatched.find((s) => s.to === 'cancelled')).toMatchObject({ label: 'cancelled', confirm: true });
    expect(stepButtons('resolved', 'dispatcher')).toEqual([
      { to: 'closed', label: 'closed', confirm: true, primary: true },
      { to: 'on_scene', label: 'reopen', confirm: false, primary: false },
    ]);
    for (const over of ['closed', 'cancelled', 'duplicate'] as const) expect(targets(over, 'admin')).toEqual([]);
  });
});

describe('what the operator is told when a dispatch command fails', () => {
  it('maps the server refusals it knows, over the socket and over HTTP', () => {
    expect(dispatchError(new CommandError('units:assign', 'unit_unavailable', 'x'))).toBe('unit_unavailable');
    expect(dispatchError(new CommandError('incidents:update', 'forbidden', 'x'))).toBe('forbidden');
    expect(dispatchError(new CommandError('command', 'offline', 'not connected'))).toBe('offline');
    expect(dispatchError(new CommandError('units:assign', 'something_new', 'x'))).toBe('other');
    expect(dispatchError(new ApiError(403, 'forbidden', 'x'))).toBe('forbidden');
    expect(dispatchError(new ApiError(404, 'not_found', 'x'))).toBe('not_found');
    expect(dispatchError(new ApiError(500, 'internal', 'x'))).toBe('other');
  });

  it('tells a link that is down from a server that did not answer', () => {
    expect(dispatchError(new TypeError('Failed to fetch'))).toBe('offline');
    expect(dispatchError(new Error('operation has timed out'))).toBe('timeout');
    expect(dispatchError('weird')).toBe('other');
  });
});

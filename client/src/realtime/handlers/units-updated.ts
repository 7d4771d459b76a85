import type { DeviceState, Frame } from '../../../../protocol/index.js';
import { applyDeviceFrame } from './frame.js';
import type { ServerEventHandler } from './types.js';

/** `units:updated`: a frame of response units (police, fire, ambulance): GPS fix and status. */
export const unitsUpdated: ServerEventHandler<'units:updated'> = {
  event: 'units:updated',
  handle: (frame: Frame<DeviceState<'units'>>) => applyDeviceFrame('units', frame),
};

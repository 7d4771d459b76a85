import type { DeviceState, Frame } from '../../../../protocol/index.js';
import { applyDeviceFrame } from './frame.js';
import type { ServerEventHandler } from './types.js';

/** `network:updated`: a frame of heartbeats of the commune WAN nodes and the centre's devices (silent = down). */
export const networkUpdated: ServerEventHandler<'network:updated'> = {
  event: 'network:updated',
  handle: (frame: Frame<DeviceState<'network'>>) => applyDeviceFrame('network', frame),
};

import type { DeviceState, Frame } from '../../../../protocol/index.js';
import { applyDeviceFrame } from './frame.js';
import type { ServerEventHandler } from './types.js';

/** `cameras:updated`: a frame of cameras: online or offline, vehicle counts. */
export const camerasUpdated: ServerEventHandler<'cameras:updated'> = {
  event: 'cameras:updated',
  handle: (frame: Frame<DeviceState<'cameras'>>) => applyDeviceFrame('cameras', frame),
};

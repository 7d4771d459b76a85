import type { DeviceState, Frame } from '../../../../protocol/index.js';
import { applyDeviceFrame } from './frame.js';
import type { ServerEventHandler } from './types.js';

/** `signals:updated`: a frame of traffic-signal controllers: mode, timing plan, faults. */
export const signalsUpdated: ServerEventHandler<'signals:updated'> = {
  event: 'signals:updated',
  handle: (frame: Frame<DeviceState<'signals'>>) => applyDeviceFrame('signals', frame),
};

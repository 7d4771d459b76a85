import { isNewerDeviceState, isNewerTrafficState, type DeviceState } from '../../../../protocol/index.js';
import type { MergeRules } from '../../platform/realtime/broadcaster.js';

const deviceRule = {
  keyOf: (s: DeviceState) => s.deviceId,
  keep: isNewerDeviceState,
};

/** How each layer's bursts merge in a frame: one item per object, the newest observation wins. */
export const mergeRules: MergeRules = {
  'traffic:updated': { keyOf: (s) => s.detectorId, keep: isNewerTrafficState },
  'signals:updated': deviceRule,
  'cameras:updated': deviceRule,
  'units:updated': deviceRule,
  'network:updated': deviceRule,
  'incidents:updated': { keyOf: (i) => i.id, keep: (a, b) => a.seq > b.seq },
  'alarms:updated': { keyOf: (a) => a.id, keep: (a, b) => a.seq > b.seq },
  'crime:updated': { keyOf: (c) => c.id, keep: (a, b) => a.seq > b.seq },
  'backlog:updated': {
    keyOf: (b) => b.id,
    keep: (a, b) => a.dateObserved > b.dateObserved || (a.dateObserved === b.dateObserved && a.seq > b.seq),
  },
  // The press wall: the same objects projected; district sums are recomputed in order, the latest wins.
  'wall:traffic': { keyOf: (s) => s.detectorId, keep: isNewerTrafficState },
  'wall:incidents': { keyOf: (i) => i.id, keep: (a, b) => a.seq > b.seq },
  'wall:crime': { keyOf: (c) => c.districtCode, keep: () => true },
  'wall:backlog': { keyOf: (b) => b.districtCode, keep: () => true },
};

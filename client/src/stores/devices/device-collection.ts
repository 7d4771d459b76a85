import { isNewerDeviceState, type DeviceFeed, type DeviceState } from '../../../../protocol/index.js';
import { createChangeTrackers, type ChangeReader } from '../live/change-tracker.js';

/**
 * The devices of one feed, keyed by device id. A plain (non-reactive) Map: the store owning it bumps
 * a version once per merged batch, never once per device.
 */
export interface DeviceCollection<F extends DeviceFeed> {
  readonly size: number;
  get(id: string): DeviceState<F> | undefined;
  values(): IterableIterator<DeviceState<F>>;
  /**
   * Merges a burst by id: an item replaces the held state only when it is newer (the protocol's
   * rule, so a watchdog flip to silent - same observation, higher seq - wins too). Returns how many
   * devices changed.
   */
  merge(items: readonly DeviceState<F>[]): number;
  clear(): void;
  /** A reader of the ids that changed since it last looked (a map layer applying only those). */
  changes(): ChangeReader;
}

export function createDeviceCollection<F extends DeviceFeed>(): DeviceCollection<F> {
  const byId = new Map<string, DeviceState<F>>();
  const trackers = createChangeTrackers();
  return {
    get size() {
      return byId.size;
    },
    get: (id) => byId.get(id),
    values: () => byId.values(),
    merge(items) {
      let changed = 0;
      for (const item of items) {
        if (!item || typeof item.deviceId !== 'string') continue;
        const held = byId.get(item.deviceId);
        if (held !== undefined && !isNewerDeviceState(item, held)) continue;
        // A report without a location keeps the position the device was last placed at.
        byId.set(item.deviceId, item.position === null && held ? { ...item, position: held.position } : item);
        trackers.changed(item.deviceId);
        changed++;
      }
      return changed;
    },
    clear() {
      byId.clear();
      trackers.changedAll();
    },
    changes: () => trackers.reader(),
  };
}

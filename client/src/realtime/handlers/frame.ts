import type { DeviceFeed, DeviceState, Frame } from '../../../../protocol/index.js';
import { useFreshnessStore } from '../../features/freshness/freshness.store.js';
import { useDevicesStore } from '../../stores/devices.store.js';

/** The items of a frame, or none when the payload is not a frame. */
export function frameItems<T>(frame: Frame<T> | undefined): T[] {
  return Array.isArray(frame?.items) ? frame.items : [];
}

/** The highest sequence number among `items` (0 when none). */
export function maxSeq(items: readonly { seq: number }[]): number {
  let max = 0;
  for (const item of items) if (item.seq > max) max = item.seq;
  return max;
}

/** What every `<device feed>:updated` handler does: merge the frame into the devices store by id. */
export function applyDeviceFrame<F extends DeviceFeed>(feed: F, frame: Frame<DeviceState<F>>): number {
  const items = frameItems(frame);
  useDevicesStore().applyBatch(feed, items);
  useFreshnessStore().received(feed, items);
  return maxSeq(items);
}

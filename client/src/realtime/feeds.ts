import type { FeedEvent, Layer, SnapshotResult, TrafficState } from '../../../protocol/index.js';
import { useTrafficStore } from '../stores/traffic.store.js';

/** The layers this console subscribes to. Later layers (incidents, units, ...) join this list. */
export const CONSOLE_LAYERS: Layer[] = ['traffic'];

/** Puts a snapshot into the stores; returns the highest sequence number it covers. */
export function applySnapshot(snapshot: SnapshotResult): number {
  let max = snapshot.head;
  for (const s of snapshot.traffic) if (s.seq > max) max = s.seq;
  useTrafficStore().applyBatch(snapshot.traffic);
  return max;
}

/** Applies resumed events, grouped per feed so each store sees one batch. */
export function applyFeedEvents(events: readonly FeedEvent[]): void {
  const traffic: TrafficState[] = [];
  for (const e of events) {
    switch (e.feed) {
      case 'traffic':
        traffic.push(e.data);
        break;
    }
  }
  if (traffic.length > 0) useTrafficStore().applyBatch(traffic);
}

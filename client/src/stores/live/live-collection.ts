import { computed, shallowRef } from 'vue';
import { createKeyedCollection, type KeyedCollectionRules } from './keyed-collection.js';

/**
 * What each event-feed store holds: the keyed collection, one `version` bumped per batch that
 * changed something (what views watch), and when that last happened (browser clock).
 */
export function createLiveCollection<T extends { seq: number }>(rules: KeyedCollectionRules<T>) {
  const items = createKeyedCollection(rules);
  const version = shallowRef(0);
  const lastUpdatedAt = shallowRef<Date | null>(null);

  const bump = (changed: number): number => {
    if (changed > 0) {
      version.value++;
      lastUpdatedAt.value = new Date();
    }
    return changed;
  };

  /** Reads `version`, so computed values and watchers that call it stay fresh. */
  const track = (): void => void version.value;

  return {
    items,
    version,
    lastUpdatedAt,
    track,
    /** Merges a frame or a page of resumed events by id. Returns how many objects changed. */
    applyBatch: (list: readonly T[]): number => bump(items.merge(list)),
    /** Takes a snapshot: what it no longer lists (up to `head`) is gone. */
    applySnapshot: (list: readonly T[], head: number): number => bump(items.replace(list, head)),
    /** Forgets everything held (a replay jumps to another instant). */
    clear: (): void => void bump(Math.max(1, items.clear())),
    get(id: string): T | undefined {
      track();
      return items.get(id);
    },
    all(): T[] {
      track();
      return [...items.values()];
    },
    size: computed(() => {
      track();
      return items.size;
    }),
  };
}

/**
 * The live objects of one event feed (incidents, alarms, crime reports, backlog figures), keyed by
 * id. A plain (non-reactive) Map: the store owning it bumps a version once per merged batch.
 *
 * Unlike the device feeds, objects of these feeds leave: an alarm is cleared, an incident or a crime
 * report drops out of the server's snapshot. So a snapshot is not merged but *replaces* what it
 * covers: everything held up to its head that it no longer lists is gone, and an item up to that
 * head that is not held any more (a late frame) is not brought back.
 */
export interface KeyedCollection<T extends { seq: number }> {
  readonly size: number;
  get(id: string): T | undefined;
  values(): IterableIterator<T>;
  /** Merges a burst by id (newer wins; an item that says it is gone removes its object). Returns how many objects changed. */
  merge(items: readonly T[]): number;
  /** Takes a snapshot of everything up to `head`: drops what it does not list, then merges it. */
  replace(items: readonly T[], head: number): number;
  /** Forgets everything (a replay shows another instant): the next snapshot or batch starts afresh. Returns how many objects left. */
  clear(): number;
}

export interface KeyedCollectionRules<T> {
  keyOf(item: T): string;
  /** Whether `a` is a newer state of the same object than `b`. */
  isNewer(a: T, b: T): boolean;
  /** Whether this state ends the object's life (a cleared alarm); default never. */
  isGone?(item: T): boolean;
}

export function createKeyedCollection<T extends { seq: number }>(rules: KeyedCollectionRules<T>): KeyedCollection<T> {
  const byId = new Map<string, T>();
  /** Seq of the state that removed each gone object, so an older state of it is not brought back. */
  const gone = new Map<string, number>();
  /** Head of the last snapshot: an object not held with a state up to here is known to be gone. */
  let floor = 0;

  /** Merges by id; an object not held is only taken with a state newer than `notAfter`. */
  function mergeItems(items: readonly T[], notAfter: number): number {
    let changed = 0;
    for (const item of items) {
      if (!item || typeof item.seq !== 'number') continue;
      const key = rules.keyOf(item);
      if (typeof key !== 'string') continue;
      const held = byId.get(key);
      if (held !== undefined) {
        if (!rules.isNewer(item, held)) continue;
      } else if (item.seq <= notAfter || item.seq <= (gone.get(key) ?? 0)) continue;
      if (rules.isGone?.(item)) {
        gone.set(key, item.seq);
        if (byId.delete(key)) changed++;
        continue;
      }
      byId.set(key, item);
      changed++;
    }
    return changed;
  }

  return {
    get size() {
      return byId.size;
    },
    get: (id) => byId.get(id),
    values: () => byId.values(),
    merge: (items) => mergeItems(items, floor),
    replace(items, head) {
      const listed = new Set(items.map((i) => rules.keyOf(i)));
      let changed = 0;
      for (const [key, held] of byId) {
        if (held.seq <= head && !listed.has(key)) {
          byId.delete(key);
          changed++;
        }
      }
      // A new baseline, even a lower one (the server's history was reset).
      floor = head;
      for (const [key, seq] of gone) if (seq <= floor) gone.delete(key);
      // The snapshot's own items are as old as they are: only a later clearing keeps one out.
      return changed + mergeItems(items, 0);
    },
    clear() {
      const n = byId.size;
      byId.clear();
      gone.clear();
      floor = 0;
      return n;
    },
  };
}

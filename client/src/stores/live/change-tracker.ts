/**
 * Which ids of a keyed collection changed since a reader last looked, kept per reader: a map layer
 * that sends its source a few changes a second reads those ids, not the whole collection.
 */
export interface ChangeReader {
  /**
   * The ids changed since the last call, or 'all' when everything has to be looked at again (the
   * first call, or after the collection was cleared).
   */
  take(): ReadonlySet<string> | 'all';
  /** Stops tracking (the reader's layer unmounted). */
  close(): void;
}

export interface ChangeTrackers {
  /** A new reader; its first `take()` answers 'all'. */
  reader(): ChangeReader;
  /** The object `id` changed (or left). */
  changed(id: string): void;
  /** Everything changed (the collection was cleared). */
  changedAll(): void;
}

interface ReaderState {
  ids: Set<string>;
  all: boolean;
}

export function createChangeTrackers(): ChangeTrackers {
  const readers = new Set<ReaderState>();
  return {
    reader() {
      const state: ReaderState = { ids: new Set(), all: true };
      readers.add(state);
      return {
        take() {
          if (state.all) {
            state.all = false;
            state.ids.clear();
            return 'all';
          }
          const ids = state.ids;
          state.ids = new Set();
          return ids;
        },
        close: () => void readers.delete(state),
      };
    },
    changed(id) {
      for (const r of readers) if (!r.all) r.ids.add(id);
    },
    changedAll() {
      for (const r of readers) {
        r.all = true;
        r.ids.clear();
      }
    },
  };
}

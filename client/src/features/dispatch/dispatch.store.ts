import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import type {
  AssignResult,
  DeviceState,
  IncidentChange,
  IncidentPresence,
  IncidentState,
  LonLat,
  PresenceUser,
  Recommendation,
  TimelineEntry,
} from '../../../../protocol/index.js';
import { fetchTimeline } from '../../api/dispatch.js';
import { useConnectionStore } from '../../realtime/connection.store.js';
import { assignUnit, ConflictError, recommendUnits, updateIncident, watchIncident } from '../../realtime/sync.js';
import { useDevicesStore } from '../../stores/devices.store.js';
import { useReplayStore } from '../replay/replay.store.js';
import { useIncidentsStore } from '../../stores/incidents.store.js';
import { dispatchError, type DispatchErrorCode } from './dispatch-errors.js';

/** Recommendations are worked out again this often while an incident is open (traffic and units move). */
export const RECOMMEND_EVERY_MS = 30_000;
/** The timeline is fetched again at most this often while changes arrive. */
const TIMELINE_DEBOUNCE_MS = 400;

/** What is being sent for the open incident: a change (by its kind) or a unit's assignment. */
export type DispatchAction = `status:${string}` | 'priority' | 'category' | 'duplicate' | 'note' | `assign:${string}`;

/** A unit's road route to the open incident, from where the unit was: recommended, or already sent. */
export interface ShownRoute {
  unitId: string;
  coordinates: LonLat[];
  sent: boolean;
}

/** A unit this console sent to the open incident. */
export type AssignedUnit = AssignResult & { callSign: string };

/** A change the server refused because the incident moved on meanwhile: nothing of it was saved. */
export interface DispatchConflict {
  mine: IncidentChange;
  /** The incident as it is now (also applied to the console's copy). */
  current: IncidentState;
  /** The version the change was made against. */
  myVersion: number;
}

/**
 * The incident a dispatcher has open in the side panel: its live state, who else has it open
 * (`incidents:watch`), its timeline, the units recommended for it (ranked by travel time), and
 * the commands (`incidents:update` at the version seen, `units:assign`). A change refused as a
 * conflict keeps the dispatcher's change beside the incident as it is now, to apply again or drop:
 * two dispatchers never overwrite each other silently.
 */
export const useDispatchStore = defineStore('dispatch', () => {
  const incidents = useIncidentsStore();
  const connection = useConnectionStore();
  const devices = useDevicesStore();
  const replay = useReplayStore();

  const openId = shallowRef<string | null>(null);
  /** The last state seen of the open incident, for when it leaves the live store (closed, cancelled). */
  const lastSeen = shallowRef<IncidentState | null>(null);
  const presence = shallowRef<readonly PresenceUser[]>([]);
  const recommendation = shallowRef<Recommendation | null>(null);
  const recommending = shallowRef(false);
  const recommendError = shallowRef<DispatchErrorCode | null>(null);
  const timeline = shallowRef<readonly TimelineEntry[] | null>(null);
  const timelineError = shallowRef<DispatchErrorCode | null>(null);
  const pending = shallowRef<DispatchAction | null>(null);
  const error = shallowRef<{ action: DispatchAction; code: DispatchErrorCode } | null>(null);
  const conflict = shallowRef<DispatchConflict | null>(null);
  /** Units sent to the open incident from this console, newest first (the answer to `units:assign`). */
  const assigned = shallowRef<readonly AssignedUnit[]>([]);
  /** The recommended unit pointed at in the panel: its route is drawn on the map. */
  const highlighted = shallowRef<string | null>(null);
  /**
   * The route drawn on the map: the recommended unit pointed at; else the unit last sent from here
   * (the route of its command); else the fastest recommended unit.
   */
  const shownRoute = computed<ShownRoute | null>(() => {
    const units = recommendation.value?.units ?? [];
    const pointed = units.find((u) => u.unitId === highlighted.value);
    const sent = assigned.value[0];
    const fastest = units[0];
    if (pointed) return { unitId: pointed.unitId, coordinates: pointed.route.coordinates, sent: false };
    if (sent) return { unitId: sent.unitId, coordinates: sent.command.route, sent: true };
    if (fastest) return { unitId: fastest.unitId, coordinates: fastest.route.coordinates, sent: false };
    return null;
  });

  const incident = computed<IncidentState | null>(() => {
    const id = openId.value;
    if (id === null) return null;
    return incidents.get(id) ?? (lastSeen.value?.id === id ? lastSeen.value : null);
  });
  /** Units whose own reports say they are on the open incident's job (dispatched, en route, on scene). */
  const onJob = computed<DeviceState<'units'>[]>(() => {
    const id = openId.value;
    if (id === null) return [];
    return devices.all('units').filter((u) => u.report.incidentId === id && u.report.status !== 'available');
  });
  watch(incident, (s) => {
    if (s) lastSeen.value = s;
  });

  let recommendTimer: ReturnType<typeof setInterval> | undefined;
  let timelineTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every open/close: answers for an incident no longer open are dropped. */
  let generation = 0;

  function resetFor(id: string | null): void {
    generation++;
    openId.value = id;
    lastSeen.value = id === null ? null : (incidents.get(id) ?? null);
    presence.value = [];
    recommendation.value = null;
    recommendError.value = null;
    timeline.value = null;
    timelineError.value = null;
    pending.value = null;
    error.value = null;
    conflict.value = null;
    assigned.value = [];
    highlighted.value = null;
    clearInterval(recommendTimer);
    clearTimeout(timelineTimer);
  }

  async function setWatching(id: string, on: boolean): Promise<void> {
    try {
      const p = await connection.command((s) => watchIncident(s, id, on));
      if (on && openId.value === id) presence.value = p.users;
    } catch {
      // Presence is a courtesy: the panel works without it, and the next reconnect tries again.
    }
  }

  /** Opens an incident in the panel (another one open is closed first). */
  function open(id: string): void {
    if (openId.value === id) return;
    const previous = openId.value;
    resetFor(id);
    if (previous !== null) void setWatching(previous, false);
    void setWatching(id, true);
    void refreshRecommendations();
    void refreshTimeline();
    recommendTimer = setInterval(() => void refreshRecommendations(), RECOMMEND_EVERY_MS);
  }

  function close(): void {
    const previous = openId.value;
    resetFor(null);
    if (previous !== null) void setWatching(previous, false);
  }

  // A replay shows the past: the record (live state, live commands) closes while it runs.
  watch(
    () => replay.replaying,
    (on) => {
      if (on) close();
    },
  );

  // After a reconnect the server has forgotten what this socket had open: say it again.
  connection.onSynchronised(() => {
    if (openId.value !== null) void setWatching(openId.value, true);
  });

  /** `incidents:presence`: who has an incident open, pushed when it changes. */
  function presenceChanged(p: IncidentPresence): void {
    if (p.id === openId.value) presence.value = p.users;
  }

  async function refreshRecommendations(): Promise<void> {
    const id = openId.value;
    const s = incident.value;
    if (id === null || !s?.position) return;
    const gen = generation;
    recommending.value = true;
    try {
      const r = await connection.command((sock) => recommendUnits(sock, { incidentId: id, limit: 3 }));
      if (gen !== generation) return;
      recommendation.value = r;
      recommendError.value = null;
    } catch (err) {
      if (gen === generation) recommendError.value = dispatchError(err);
    } finally {
      if (gen === generation) recommending.value = false;
    }
  }

  async function refreshTimeline(): Promise<void> {
    const id = openId.value;
    if (id === null) return;
    const gen = generation;
    try {
      const t = await fetchTimeline(id);
      if (gen !== generation) return;
      timeline.value = t.entries;
      timelineError.value = null;
      // Gone from the live store (over): the record shows the state the server has, when newer.
      if (!incidents.get(id) && t.incident.version > (lastSeen.value?.version ?? 0)) lastSeen.value = t.incident;
    } catch (err) {
      if (gen === generation) timelineError.value = dispatchError(err);
    }
  }

  // Every change of the open incident (from here or any console) adds to its record.
  watch(
    () => incident.value?.version,
    (v, old) => {
      if (v === undefined || old === undefined || v === old) return;
      clearTimeout(timelineTimer);
      timelineTimer = setTimeout(() => void refreshTimeline(), TIMELINE_DEBOUNCE_MS);
    },
  );
  // The open incident left the live store: closed, cancelled or marked a duplicate, perhaps from
  // another console and in one frame with its other changes, so the last state seen may be older
  // than the one that ended it. Its timeline brings the final state.
  watch(
    () => openId.value !== null && incidents.get(openId.value) === undefined,
    (gone, wasGone) => {
      if (gone && !wasGone) void refreshTimeline();
    },
  );
  // An incident placed after it was opened (its address was resolved) can now get recommendations.
  watch(
    () => incident.value?.position,
    (p, old) => {
      if (p && !old && openId.value !== null) void refreshRecommendations();
    },
  );
  // Another category needs other kinds of units (a fire engine, not a patrol): rank them again.
  watch(
    () => [incident.value?.id, incident.value?.category] as const,
    ([id, category], [oldId, oldCategory]) => {
      if (id !== undefined && id === oldId && category !== oldCategory) void refreshRecommendations();
    },
  );

  /** The kind of a change, for its pending state and its error (a duplicate mark names its primary). */
  function actionOf(change: IncidentChange): DispatchAction {
    if (change.status === 'duplicate' || typeof change.duplicateOf === 'string') return 'duplicate';
    if (change.status !== undefined) return `status:${change.status}`;
    if (change.note !== undefined) return 'note';
    if (change.category !== undefined) return 'category';
    return 'priority';
  }

  /**
   * Sends a change made against `version` (the version shown, by default the current one). Resolves
   * true once saved; false when refused (see `error`) or in conflict (see `conflict`).
   */
  async function update(change: IncidentChange, version?: number): Promise<boolean> {
    const s = incident.value;
    if (!s || pending.value !== null) return false;
    const id = s.id;
    const gen = generation;
    const action = actionOf(change);
    const myVersion = version ?? s.version;
    pending.value = action;
    error.value = null;
    try {
      const after = await connection.command((sock) => updateIncident(sock, { id, version: myVersion, change }));
      incidents.applyBatch([after]);
      if (gen === generation) {
        lastSeen.value = after;
        conflict.value = null;
      }
      return true;
    } catch (err) {
      if (err instanceof ConflictError) {
        incidents.applyBatch([err.current]);
        if (gen === generation) {
          lastSeen.value = err.current;
          conflict.value = { mine: change, current: err.current, myVersion };
        }
      } else if (gen === generation) error.value = { action, code: dispatchError(err) };
      return false;
    } finally {
      if (gen === generation) pending.value = null;
    }
  }

  /** Applies the change a conflict refused again, now against the incident as it is. */
  function retryConflict(): Promise<boolean> {
    const c = conflict.value;
    if (!c) return Promise.resolve(false);
    conflict.value = null;
    return update(c.mine);
  }

  function dismissConflict(): void {
    conflict.value = null;
  }

  /** Sends a unit to the open incident. Resolves true once the command is out. */
  async function assign(unitId: string): Promise<boolean> {
    const s = incident.value;
    if (!s || pending.value !== null) return false;
    const gen = generation;
    const action: DispatchAction = `assign:${unitId}`;
    pending.value = action;
    error.value = null;
    try {
      const result = await connection.command((sock) => assignUnit(sock, { incidentId: s.id, unitId }));
      if (gen === generation) {
        const callSign = recommendation.value?.units.find((u) => u.unitId === unitId)?.callSign ?? unitId;
        const sent: AssignedUnit = { ...result, callSign };
        assigned.value = [sent, ...assigned.value.filter((a) => a.unitId !== unitId)];
        if (highlighted.value === unitId) highlighted.value = null;
        void refreshRecommendations();
      }
      return true;
    } catch (err) {
      if (gen === generation) error.value = { action, code: dispatchError(err) };
      return false;
    } finally {
      if (gen === generation) pending.value = null;
    }
  }

  function highlight(unitId: string | null): void {
    highlighted.value = unitId;
  }

  return {
    openId,
    incident,
    presence,
    recommendation,
    recommending,
    recommendError,
    timeline,
    timelineError,
    pending,
    error,
    conflict,
    assigned,
    onJob,
    highlighted,
    shownRoute,
    highlight,
    open,
    close,
    presenceChanged,
    refreshRecommendations,
    refreshTimeline,
    update,
    retryConflict,
    dismissConflict,
    assign,
  };
});

export type DispatchStore = ReturnType<typeof useDispatchStore>;

import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import type { AlarmState, AlertKind, IncidentState } from '../../../../protocol/index.js';
import { useAlarmLocator } from '../../map/layers/alarm-locator.js';
import { createThrottle } from '../../map/throttle.js';
import { useConnectionStore } from '../../realtime/connection.store.js';
import { acknowledgeAlert } from '../../realtime/sync.js';
import { useAlarmsStore } from '../../stores/alarms.store.js';
import { useDevicesStore } from '../../stores/devices.store.js';
import { useGeoStore } from '../../stores/geo.store.js';
import { useIncidentsStore } from '../../stores/incidents.store.js';
import { useSessionStore } from '../../stores/session.store.js';
import { ackError, type AckError } from './ack-errors.js';
import { alertKey, buildAlerts, isAcknowledgedAlert, type AlarmPlace, type AlertItem } from './alert-list.js';
import { districtAt } from './district-at.js';
import { useReplayStore } from '../replay/replay.store.js';

/** The list is rebuilt at most this often, however many frames arrive (the first change shows at once). */
export const ALERTS_REBUILD_MS = 250;

/**
 * The alerts of the shift: open alarms and incidents in one sorted list (alert-list.ts), and
 * acknowledging them (`alerts:acknowledge` on the console's socket). Built from the incidents and
 * alarms stores, so an acknowledgement made on any console arrives here as an update.
 */
export const useAlertsStore = defineStore('alerts', () => {
  const incidents = useIncidentsStore();
  const alarms = useAlarmsStore();
  const devices = useDevicesStore();
  const geo = useGeoStore();
  const session = useSessionStore();
  const connection = useConnectionStore();
  const replay = useReplayStore();
  const locate = useAlarmLocator();

  const items = shallowRef<readonly AlertItem[]>([]);
  const pending = shallowRef<ReadonlySet<string>>(new Set());
  const errors = shallowRef<ReadonlyMap<string, AckError>>(new Map());
  // Not while a replay shows the past: an acknowledgement acts on the live incident.
  const canAcknowledge = computed(() => session.can('alerts.acknowledge') && !replay.replaying);
  const unacknowledged = computed(() => items.value.filter((a) => !isAcknowledgedAlert(a)).length);

  /** An alarm's district never changes (its device or road stays put): found once, then kept. */
  const alarmDistricts = new Map<string, string>();
  let unplaced = 0;
  function alarmDistrict(a: AlarmState, at: [number, number] | null): string | null {
    const known = alarmDistricts.get(a.id);
    if (known) return known;
    const commune = typeof a.details?.communeCode === 'string' ? a.details.communeCode : null;
    let code = commune ? (geo.communes.get(commune)?.districtCode ?? null) : null;
    if (!code && at && geo.districts) code = districtAt(at, geo.districts);
    if (code) alarmDistricts.set(a.id, code);
    return code;
  }
  const place: AlarmPlace = (a) => {
    const position = locate(a);
    const districtCode = alarmDistrict(a, position);
    // Worth another look once devices report or the geography loads; outside every cell stays so.
    if (!position || (!districtCode && !geo.districts)) unplaced++;
    return { position, districtCode };
  };

  const rebuild = createThrottle(() => {
    unplaced = 0;
    const open = alarms.all();
    items.value = Object.freeze(buildAlerts(incidents.all(), open, place));
    if (alarmDistricts.size > open.length) {
      const ids = new Set(open.map((a) => a.id));
      for (const id of alarmDistricts.keys()) if (!ids.has(id)) alarmDistricts.delete(id);
    }
    if (errors.value.size > 0) {
      const acknowledged = new Set(items.value.filter(isAcknowledgedAlert).map((a) => a.key));
      const kept = [...errors.value].filter(([key]) => !acknowledged.has(key));
      if (kept.length !== errors.value.size) errors.value = new Map(kept);
    }
  }, ALERTS_REBUILD_MS);

  watch(
    () => [incidents.version, alarms.version, geo.districts, geo.communes, geo.segments],
    () => rebuild.schedule(),
    { immediate: true },
  );
  // Devices report several times a second: only worth a rebuild while some alarm is still unplaced.
  watch(
    () => [devices.versions.signals, devices.versions.cameras, devices.versions.network],
    () => {
      if (unplaced > 0) rebuild.schedule();
    },
  );

  const setPending = (key: string, on: boolean) => {
    const next = new Set(pending.value);
    if (on) next.add(key);
    else next.delete(key);
    pending.value = next;
  };

  /**
   * Acknowledges an incident or an alarm on the server; resolves to null once done, or to why it
   * failed (also kept in `errors` until the next try). The answer is applied at once; the same
   * change also comes back on the layer's frames, to every console.
   */
  async function acknowledge(kind: AlertKind, id: string): Promise<AckError | null> {
    const key = alertKey(kind, id);
    if (pending.value.has(key)) return null;
    setPending(key, true);
    const rest = new Map(errors.value);
    if (rest.delete(key)) errors.value = rest;
    try {
      const state = await connection.command((s) => acknowledgeAlert(s, { kind, id }));
      if (kind === 'incident') incidents.applyBatch([state as IncidentState]);
      else alarms.applyBatch([state as AlarmState]);
      return null;
    } catch (err) {
      const code = ackError(err);
      errors.value = new Map([...errors.value, [key, code]]);
      return code;
    } finally {
      setPending(key, false);
    }
  }

  return {
    items,
    unacknowledged,
    pending,
    errors,
    canAcknowledge,
    acknowledge,
  };
});

export type AlertsStore = ReturnType<typeof useAlertsStore>;

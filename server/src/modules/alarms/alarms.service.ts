import { layerRoom, type AlarmKind, type AlarmState } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Broadcaster } from '../../platform/realtime/broadcaster.js';
import { liveSource, type LiveSource } from '../session/session.service.js';
import type { AlarmsRepository, CongestionRule } from './alarms.repository.js';

const KINDS: AlarmKind[] = ['signal_fault', 'camera_offline', 'node_offline', 'congestion'];

export const DEFAULT_CONGESTION: CongestionRule = { slowBelowKmh: 15, recoverAtKmh: 20, forSeconds: 300 };

/**
 * Alarms derived from the feeds: a signal fault, a camera offline, a commune node silent, a road
 * segment slow for minutes. Each sweep compares the devices' and detectors' state with the open
 * alarms, raising and clearing as needed; the state is in the database, so a missed change is
 * caught by the next sweep and several servers can sweep side by side.
 */
export function createAlarmsService(deps: {
  repo: AlarmsRepository;
  segments: Array<{ id: string; midpoint: readonly [number, number] }>;
  congestion: CongestionRule;
  broadcaster: Broadcaster;
  metrics: Metrics;
  log: Logger;
}) {
  const log = deps.log.child({ scope: 'alarms' });
  const segments = {
    ids: deps.segments.map((s) => s.id),
    lons: deps.segments.map((s) => s.midpoint[0]),
    lats: deps.segments.map((s) => s.midpoint[1]),
  };

  async function sweep(): Promise<AlarmState[]> {
    await deps.repo.watchCongestion(deps.congestion);
    const changed: AlarmState[] = [];
    for (const kind of KINDS) changed.push(...(await deps.repo.reconcile(kind, segments, deps.congestion.forSeconds)));
    for (const a of changed) {
      log.info(
        { id: a.id, kind: a.kind, source: a.source, cleared: a.clearedAt !== null },
        a.clearedAt ? 'alarm cleared' : 'alarm raised',
      );
    }
    deps.broadcaster.publish(layerRoom('alarms'), 'alarms:updated', changed);
    return changed;
  }

  return {
    sweep,

    /** Sweeps every `everyMs`; returns a stop function. */
    start(everyMs: number): () => void {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        sweep()
          .catch((err: Error) => log.error({ err: err.message }, 'alarm sweep failed'))
          .finally(() => (running = false));
      }, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },

    source: (): LiveSource =>
      liveSource('alarms', { head: deps.repo.head, snapshot: deps.repo.open, since: deps.repo.since }),
  };
}

export type AlarmsService = ReturnType<typeof createAlarmsService>;

import { layerRoom, type DeviceFeed, type DeviceState } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Broadcaster, FrameEvent, FrameItems } from '../../platform/realtime/broadcaster.js';
import { liveSource, type LiveSource } from '../session/session.service.js';
import type { DeviceReportRow, DevicesRepository } from './devices.repository.js';

const eventOf = (feed: DeviceFeed) => `${feed}:updated` as const satisfies FrameEvent;

/**
 * The device feeds (signals, cameras, units, network): store reports in batches, stream the device
 * states that changed, and watch for devices that fall silent.
 */
export function createDevicesService(deps: {
  repo: DevicesRepository;
  broadcaster: Broadcaster;
  metrics: Metrics;
  log: Logger;
}) {
  const { repo, broadcaster, metrics } = deps;
  const log = deps.log.child({ scope: 'devices' });

  const publish = (states: DeviceState[]) => {
    const byFeed = new Map<DeviceFeed, DeviceState[]>();
    for (const s of states) {
      const list = byFeed.get(s.feed);
      if (list) list.push(s);
      else byFeed.set(s.feed, [s]);
    }
    for (const [feed, items] of byFeed) {
      broadcaster.publish(layerRoom(feed), eventOf(feed), items as FrameItems[ReturnType<typeof eventOf>][]);
    }
  };

  return {
    async storeBatch<F extends DeviceFeed>(feed: F, rows: DeviceReportRow<F>[]): Promise<void> {
      const done = metrics.batchWrite.startTimer({ feed });
      const { inserted, changed } = await repo.storeBatch(feed, rows);
      done();
      metrics.batchRows.observe({ feed }, rows.length);
      metrics.stored.inc({ feed }, inserted);
      metrics.duplicates.inc({ feed }, rows.length - inserted);
      publish(changed);
    },

    /** Marks silent the devices not heard from for `grace` times their expected interval. */
    async sweepSilent(grace: number): Promise<DeviceState[]> {
      const silenced = await repo.markSilent(grace);
      for (const s of silenced) {
        metrics.devicesSilenced.inc({ feed: s.feed });
        log.warn({ feed: s.feed, device: s.deviceId, lastHeard: s.observedAt }, 'device silent');
      }
      publish(silenced);
      return silenced;
    },

    /** Runs the sweep every `everyMs`; returns a stop function. */
    startWatchdog(opts: { everyMs: number; grace: number }): () => void {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        this.sweepSilent(opts.grace)
          .catch((err: Error) => log.error({ err: err.message }, 'watchdog sweep failed'))
          .finally(() => (running = false));
      }, opts.everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },

    /** What a (re)connecting console needs from one device feed. */
    source: (feed: DeviceFeed): LiveSource =>
      liveSource(feed, {
        head: repo.head,
        snapshot: async () => (await repo.latest(feed)) as never[],
        since: async (seq, limit) => (await repo.since(feed, seq, limit)) as never[],
      }),
  };
}

export type DevicesService = ReturnType<typeof createDevicesService>;

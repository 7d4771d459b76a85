/**
 * The console bench's load: `objects` response units spread over the urban districts, each
 * reporting a new position (a little further along a small circle) and status every `every`
 * seconds, published over MQTT (QoS 0) at an even rate in ticks of 50 ms.
 */
import mqtt from 'mqtt';
import { deviceTopic } from '../../protocol/index.js';
import { sleep } from './probes.js';

const TICK_MS = 50;
const KINDS = ['police', 'fire', 'ambulance'] as const;
const STATUSES = ['available', 'en_route', 'on_scene', 'dispatched'] as const;

export async function startUnitFleet(opts: { url: string; topicRoot: string; objects: number; every: number }) {
  const publisher = await mqtt.connectAsync(opts.url, { clientId: `cbench-pub-${Date.now()}` });
  const ids = Array.from({ length: opts.objects }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
  const home = ids.map((_, i) => [105.76 + ((i * 7919) % 1000) / 6250, 20.95 + ((i * 104729) % 1000) / 8000]);
  const perTick = Math.ceil(opts.objects / ((opts.every * 1000) / TICK_MS));
  let round = 0;
  let next = 0;
  let publishing = true;
  const pump = (async () => {
    const start = Date.now();
    while (publishing) {
      const at = new Date(start + round * opts.every * 1000 + next);
      for (let k = 0; k < perTick && publishing; k++) {
        const i = next++;
        if (i >= ids.length) {
          next = 0;
          round++;
          break;
        }
        const [lon, lat] = home[i] as [number, number];
        const phase = round * 0.3 + i;
        const report = {
          dateObserved: new Date(at.getTime() + k).toISOString(),
          location: { type: 'Point', coordinates: [lon + 0.002 * Math.cos(phase), lat + 0.002 * Math.sin(phase)] },
          kind: KINDS[i % 3],
          status: STATUSES[(i + round) % 4],
          speed: 30,
          heading: Math.round((phase * 57) % 360),
        };
        publisher.publish(deviceTopic('units', ids[i]!, opts.topicRoot), JSON.stringify(report), { qos: 0 });
      }
      await sleep(TICK_MS);
    }
  })();
  let stopped: Promise<void> | null = null;
  return {
    /** Stops publishing and disconnects (once; later calls wait for the first). */
    stop(): Promise<void> {
      stopped ??= (async () => {
        publishing = false;
        await pump;
        await publisher.endAsync();
      })();
      return stopped;
    },
  };
}

import type { Frame, ServerToClientEvents } from '../../../../protocol/index.js';
import type { Metrics } from '../metrics.js';

/** Events whose payload is a frame of items (other pushes, such as `figures:updated`, are sent as they are). */
export type FrameEvent = {
  [K in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[K]>[0] extends Frame<unknown> ? K : never;
}[keyof ServerToClientEvents];
/** The item type of each frame event. */
export type FrameItems = {
  [K in FrameEvent]: Parameters<ServerToClientEvents[K]>[0] extends Frame<infer T> ? T : never;
};

/** How bursts of one event merge: items with the same key collapse to the one `keep` prefers. */
export type MergeRules = {
  [K in FrameEvent]: {
    keyOf(item: FrameItems[K]): string;
    keep(candidate: FrameItems[K], held: FrameItems[K]): boolean;
  };
};

export type Emit = (room: string, event: FrameEvent, frame: Frame<never>) => void;

export interface Broadcaster {
  /** Queues items for the next frame of `room`; never emits by itself. */
  publish<K extends FrameEvent>(room: string, event: K, items: FrameItems[K][]): void;
  /** Emits every pending frame now. */
  flush(): void;
  stop(): void;
}

/**
 * Broadcasts in frames: per room and event, updates queue up merged by id, and each tick emits one
 * frame per room that has something. Never one emit per message.
 */
export function createBroadcaster(opts: {
  emit: Emit;
  rules: MergeRules;
  frameMs: number;
  metrics: Metrics;
}): Broadcaster {
  const pending = new Map<string, { room: string; event: FrameEvent; items: Map<string, unknown> }>();

  const flush = () => {
    for (const [key, channel] of pending) {
      pending.delete(key);
      opts.emit(channel.room, channel.event, { items: [...channel.items.values()] as never[] });
      opts.metrics.framesEmitted.inc({ room: channel.room });
    }
  };
  const timer = setInterval(flush, opts.frameMs);
  timer.unref();

  return {
    publish(room, event, items) {
      if (items.length === 0) return;
      const key = `${room}\u0000${event}`;
      let channel = pending.get(key);
      if (!channel) {
        channel = { room, event, items: new Map() };
        pending.set(key, channel);
      }
      const rule = opts.rules[event];
      for (const item of items) {
        const id = rule.keyOf(item);
        const held = channel.items.get(id) as typeof item | undefined;
        if (held === undefined || rule.keep(item, held)) channel.items.set(id, item);
      }
    },
    flush,
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}

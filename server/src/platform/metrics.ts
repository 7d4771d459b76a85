import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The server's Prometheus metrics; one registry per server instance (tests start several). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hanoi_' });
  const feedLabels = ['feed'] as const;
  return {
    registry,
    received: new Counter({
      name: 'hanoi_feed_messages_received_total',
      help: 'Feed messages received, valid or not',
      labelNames: feedLabels,
      registers: [registry],
    }),
    stored: new Counter({
      name: 'hanoi_feed_messages_stored_total',
      help: 'Feed messages committed to the database as new events',
      labelNames: feedLabels,
      registers: [registry],
    }),
    duplicates: new Counter({
      name: 'hanoi_feed_messages_duplicate_total',
      help: 'Redelivered feed messages already stored (same idempotency key)',
      labelNames: feedLabels,
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'hanoi_feed_messages_rejected_total',
      help: 'Feed messages that failed validation and went to quarantine',
      labelNames: feedLabels,
      registers: [registry],
    }),
    devicesSilenced: new Counter({
      name: 'hanoi_devices_silenced_total',
      help: 'Devices the watchdog marked silent (nothing heard past their expected interval)',
      labelNames: feedLabels,
      registers: [registry],
    }),
    socketsConnected: new Gauge({
      name: 'hanoi_sockets_connected',
      help: 'Console sockets connected to this server',
      registers: [registry],
    }),
    framesEmitted: new Counter({
      name: 'hanoi_frames_emitted_total',
      help: 'Broadcast frames emitted, per room',
      labelNames: ['room'] as const,
      registers: [registry],
    }),
    batchWrite: new Histogram({
      name: 'hanoi_batch_write_seconds',
      help: 'Latency of one batch write transaction',
      labelNames: feedLabels,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    batchRows: new Histogram({
      name: 'hanoi_batch_rows',
      help: 'Rows per batch write',
      labelNames: feedLabels,
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

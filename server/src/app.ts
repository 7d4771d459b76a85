import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isNewerTrafficState } from '../../protocol/index.js';
import { startSimulators } from '../../simulators/src/runner.js';
import { loadConfig, type Config } from './config.js';
import { geoRouter } from './geo/geo.routes.js';
import { createMqttIngest } from './ingest/mqtt.ingest.js';
import { createTrafficFeed } from './ingest/traffic.feed.js';
import { feedsRouter } from './modules/feeds/feeds.routes.js';
import { createQuarantineRepository } from './modules/quarantine/quarantine.repository.js';
import { quarantineRouter } from './modules/quarantine/quarantine.routes.js';
import { createQuarantineService } from './modules/quarantine/quarantine.service.js';
import { createSessionService } from './modules/session/session.service.js';
import { sessionSocket } from './modules/session/session.socket.js';
import { createTrafficRepository } from './modules/traffic/traffic.repository.js';
import { createTrafficService } from './modules/traffic/traffic.service.js';
import { openDatabase } from './platform/db/database.js';
import { createHttpApp } from './platform/http/app.js';
import { createLogger, type Logger } from './platform/log.js';
import { createMetrics } from './platform/metrics.js';
import { startEmbeddedBroker } from './platform/mqtt/broker.js';
import { startSubscriber } from './platform/mqtt/subscriber.js';
import { createBroadcaster } from './platform/realtime/broadcaster.js';
import { createRealtime } from './platform/realtime/io.js';

export interface RunningServer {
  url: string;
  port: number;
  mqttUrl: string;
  databaseUrl: string;
  config: Config;
  log: Logger;
  close(): Promise<void>;
}

const CLIENT_DIR = fileURLToPath(new URL('../../dist/client', import.meta.url));

/**
 * The composition root: the one place modules are wired together. Starts the database (real or
 * embedded), the broker (external or embedded), the pipeline, the console's HTTP and Socket.IO
 * server and, when asked, the simulators. Closing stops them in reverse order.
 */
export async function startServer(overrides: Partial<Config> = {}): Promise<RunningServer> {
  const config: Config = { ...loadConfig(), ...overrides };
  const log = createLogger(config.logLevel, { service: 'hanoi-console' });
  const metrics = createMetrics();
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err: Error) => log.error({ err: err.message }, 'close failed'));
  };

  try {
    const db = await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      embeddedPort: config.embeddedDbPort,
      log,
    });
    closers.push(() => db.close());
    const broker = config.mqttUrl
      ? undefined
      : await startEmbeddedBroker({ host: config.embeddedMqttHost, port: config.embeddedMqttPort, log });
    if (broker) closers.push(() => broker.close());
    const mqttUrl = config.mqttUrl ?? broker!.url;

    const http = createServer();
    const realtime = await createRealtime({ http, redisUrl: config.redisUrl, metrics, log });
    closers.push(() => realtime.close()); // also closes the HTTP server
    const broadcaster = createBroadcaster({
      emit: (room, event, frame) => realtime.io.to(room).emit(event, frame),
      rules: { 'traffic:updated': { keyOf: (s) => s.detectorId, keep: isNewerTrafficState } },
      frameMs: config.frameMs,
      metrics,
    });
    closers.push(async () => broadcaster.stop());

    const batch = { maxRows: config.batchMaxRows, maxWaitMs: config.batchMaxWaitMs };
    const quarantine = createQuarantineService({ repo: createQuarantineRepository(db.pool), metrics, log, batch });
    const traffic = createTrafficService({ repo: createTrafficRepository(db.pool), broadcaster, metrics });
    const session = createSessionService({ traffic });

    const trafficFeed = createTrafficFeed({ topicRoot: config.topicRoot, traffic, quarantine, batch, log });
    closers.push(() => quarantine.close());
    closers.push(() => trafficFeed.close());
    const ingest = createMqttIngest({ feeds: [trafficFeed], quarantine, metrics, log: log.child({ scope: 'ingest' }) });
    const subscriber = await startSubscriber({
      url: mqttUrl,
      clientId: config.mqttClientId,
      patterns: ingest.patterns,
      shareGroup: config.mqttShareGroup,
      maxInFlight: config.batchMaxRows * 4,
      handle: ingest.handle,
      log,
    });
    closers.push(() => subscriber.close());

    // Every domain's socket commands, in one visible list.
    realtime.register([sessionSocket(session, log.child({ scope: 'session' }))]);

    http.on(
      'request',
      createHttpApp({
        routers: {
          '/api/v1/feeds': feedsRouter(config.topicRoot),
          '/api/v1/geo': geoRouter(),
          '/api/v1/quarantine': quarantineRouter(quarantine),
        },
        health: { database: () => db.ping(), broker: () => subscriber.isConnected() },
        metrics,
        clientDir: CLIENT_DIR,
        log,
      }),
    );
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => resolve());
    });
    const port = (http.address() as AddressInfo).port;

    if (config.simulate) {
      const sims = await startSimulators({
        mqttUrl,
        topicRoot: config.topicRoot,
        rate: config.simRate,
        seed: config.simSeed,
        startAt: config.simStart,
        speed: config.simSpeed,
        log: log.child({ scope: 'simulators' }),
      });
      closers.push(() => sims.stop());
    }

    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    log.info(
      { url, database: db.mode, storage: db.storage, mqtt: mqttUrl, simulate: config.simulate },
      `console ready at ${url}`,
    );
    return { url, port, mqttUrl, databaseUrl: db.url, config, log, close };
  } catch (err) {
    await close();
    throw err;
  }
}

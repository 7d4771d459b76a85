import { createServer } from 'node:http';
import type { Pool } from 'pg';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEVICE_FEEDS, FIGURES_ROOM, HANDOVER_ROOM, layerRoom, ROLES } from '../../protocol/index.js';
import { startAgencySimulators } from '../../simulators/src/agencies/http-runner.js';
import { startSimulators } from '../../simulators/src/runner.js';
import { getScenario } from '../../simulators/src/scenarios.js';
import { placeUnits } from '../../simulators/src/units.sim.js';
import { loadConfig, type Config } from './config.js';
import { geoRouter } from './geo/geo.routes.js';
import { communes, corridor, district, districtAt, districtCells, segment, segments } from './geo/gazetteer.js';
import { nearestCommune } from './geo/anchors.js';
import { locateReport } from './geo/locate.js';
import { placeNetworkNode } from './geo/place.js';
import { createDeviceFeed } from './ingest/device.feed.js';
import { createBacklogFeed } from './ingest/backlog.feed.js';
import { createCrimeFeed } from './ingest/crime.feed.js';
import { httpFeedRouter } from './ingest/http.ingest.js';
import { createIncidentsFeed } from './ingest/incidents.feed.js';
import { createMqttIngest } from './ingest/mqtt.ingest.js';
import { createTrafficFeed } from './ingest/traffic.feed.js';
import { createAccountsRepository } from './modules/accounts/accounts.repository.js';
import { sessionRouter, usersRouter } from './modules/accounts/accounts.routes.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { ensureDemoPassword } from './modules/accounts/demo-password.js';
import { startSessionSweep } from './modules/accounts/session-sweep.js';
import { createAgenciesRepository } from './modules/agencies/agencies.repository.js';
import { createAgenciesService } from './modules/agencies/agencies.service.js';
import { ensureDemoKey } from './modules/agencies/demo-key.js';
import { createAlarmsRepository } from './modules/alarms/alarms.repository.js';
import { createAlarmsService, DEFAULT_CONGESTION } from './modules/alarms/alarms.service.js';
import { createAlertsService } from './modules/alerts/alerts.service.js';
import { alertsSocket } from './modules/alerts/alerts.socket.js';
import { createAuditRepository } from './modules/audit/audit.repository.js';
import { auditRouter } from './modules/audit/audit.routes.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createBacklogRepository } from './modules/backlog/backlog.repository.js';
import { createBacklogService } from './modules/backlog/backlog.service.js';
import { createCrimeDetailService } from './modules/crime/crime-detail.service.js';
import { createCrimeRepository } from './modules/crime/crime.repository.js';
import { crimeRouter } from './modules/crime/crime.routes.js';
import { createCrimeService } from './modules/crime/crime.service.js';
import { createDevicesRepository } from './modules/devices/devices.repository.js';
import { createDevicesService } from './modules/devices/devices.service.js';
import { feedsRouter } from './modules/feeds/feeds.routes.js';
import { createFiguresRepository } from './modules/figures/figures.repository.js';
import { figuresRouter } from './modules/figures/figures.routes.js';
import { createFiguresService } from './modules/figures/figures.service.js';
import { figuresSocket } from './modules/figures/figures.socket.js';
import { createHandoverRepository } from './modules/handover/handover.repository.js';
import { handoverRouter } from './modules/handover/handover.routes.js';
import { createHandoverService } from './modules/handover/handover.service.js';
import { handoverSocket } from './modules/handover/handover.socket.js';
import { createAnalysisRepository } from './modules/analysis/analysis.repository.js';
import { analysisRouter } from './modules/analysis/analysis.routes.js';
import { createAnalysisService } from './modules/analysis/analysis.service.js';
import { createHistoryRepository } from './modules/history/history.repository.js';
import { historyRouter } from './modules/history/history.routes.js';
import { createHistoryService } from './modules/history/history.service.js';
import { createRollupRepository } from './modules/history/rollup.repository.js';
import { createRollupService } from './modules/history/rollup.service.js';
import { createSeriesRepository } from './modules/history/series.repository.js';
import { createTimescaleRepository } from './modules/history/timescale.repository.js';
import { createIncidentsRepository } from './modules/incidents/incidents.repository.js';
import { incidentsRouter } from './modules/incidents/incidents.routes.js';
import { createIncidentsService } from './modules/incidents/incidents.service.js';
import { incidentsSocket } from './modules/incidents/incidents.socket.js';
import { createLifecycleService } from './modules/incidents/lifecycle.service.js';
import { createPresenceService } from './modules/incidents/presence.service.js';
import { createTimelineService } from './modules/incidents/timeline.service.js';
import { createOpen311Repository } from './modules/open311/open311.repository.js';
import { open311Router } from './modules/open311/open311.routes.js';
import { createOpen311Service } from './modules/open311/open311.service.js';
import { createQuarantineRepository } from './modules/quarantine/quarantine.repository.js';
import { quarantineRouter } from './modules/quarantine/quarantine.routes.js';
import { createQuarantineService } from './modules/quarantine/quarantine.service.js';
import { mergeRules } from './modules/session/merge-rules.js';
import { createSessionService } from './modules/session/session.service.js';
import { sessionSocket } from './modules/session/session.socket.js';
import { createTrafficRepository } from './modules/traffic/traffic.repository.js';
import { createTrafficService } from './modules/traffic/traffic.service.js';
import { incidentsPort } from './modules/units/incidents.port.js';
import { createRoadNetwork } from './modules/units/road-network.js';
import { createUnitOrdersService, recallingUnits } from './modules/units/unit-orders.service.js';
import { createUnitReportsFollower, followingUnitReports } from './modules/units/unit-reports.service.js';
import { createCommandPublisher } from './modules/units/units.commands.js';
import { registryOf } from './modules/units/units.fleet.js';
import { createUnitsRepository } from './modules/units/units.repository.js';
import { recommendationsRouter, unitsRouter } from './modules/units/units.routes.js';
import { createUnitsService } from './modules/units/units.service.js';
import { unitsSocket } from './modules/units/units.socket.js';
import { wallBroadcaster } from './modules/wall/wall.broadcaster.js';
import { createWallRepository } from './modules/wall/wall.repository.js';
import { createWallService } from './modules/wall/wall.service.js';
import { wallSocket } from './modules/wall/wall.socket.js';
import { openDatabase } from './platform/db/database.js';
import { sequencedTransactions } from './platform/db/transaction.js';
import { requireApiKey } from './platform/http/api-key.js';
import { requirePermission } from './platform/http/session-auth.js';
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
  /** The server's own database pool (on the embedded engine, the one connection it may use). */
  pool: Pool;
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
  const log = createLogger(config.logLevel, { service: 'hanoi-console' }, config.logFormat);
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

    const sessionTtlSeconds = config.sessionHours * 3600;
    // The audit log: what operators (and units, the admin command, the server at start) did.
    const audit = createAuditService({ repo: createAuditRepository(db.pool) });
    const accounts = createAccountsService({
      repo: createAccountsRepository(db.pool),
      audit,
      sessionTtlSeconds,
      log: log.child({ scope: 'accounts' }),
    });
    const demoPassword = config.demoAccounts
      ? (config.demoPassword ?? (await ensureDemoPassword(config.dataDir)))
      : undefined;
    await accounts.bootstrap({ adminPassword: config.adminPassword, demoPassword });
    if (demoPassword)
      log.info(
        `demo accounts (not for production): ${ROLES.map((r) => `demo-${r}`).join(', ')}, password ${demoPassword}`,
      );

    const http = createServer();
    const realtime = await createRealtime({
      http,
      redisUrl: config.redisUrl,
      authenticate: accounts.authenticate,
      metrics,
      log,
    });
    closers.push(() => realtime.close()); // also closes the HTTP server
    const frames = createBroadcaster({
      emit: (room, event, frame) => realtime.io.to(room).emit(event, frame),
      rules: mergeRules,
      frameMs: config.frameMs,
      metrics,
    });
    closers.push(async () => frames.stop());
    // The press wall: what the services publish, projected to the `wall` room (modules/wall).
    const wall = createWallService({
      repo: createWallRepository(db.pool),
      traffic: createTrafficRepository(db.pool).latest,
      broadcaster: frames,
      log,
    });
    closers.push(() => wall.stop());
    const broadcaster = wallBroadcaster(frames, wall);

    const agencies = createAgenciesService({ repo: createAgenciesRepository(db.pool), envKeys: config.feedApiKeys });
    let simulatorKey = config.feedApiKeys[0]?.key;
    if (db.mode === 'embedded' && config.feedApiKeys.length === 0) {
      simulatorKey = await ensureDemoKey(config.dataDir, agencies);
      log.info({ agency: 'demo' }, `HTTP feeds: demo API key for agency "demo" (X-API-Key): ${simulatorKey}`);
    }

    const batch = { maxRows: config.batchMaxRows, maxWaitMs: config.batchMaxWaitMs };
    const quarantine = createQuarantineService({ repo: createQuarantineRepository(db.pool), metrics, log, batch });
    const traffic = createTrafficService({ repo: createTrafficRepository(db.pool), broadcaster, metrics });
    const devices = createDevicesService({ repo: createDevicesRepository(db.pool), broadcaster, metrics, log });
    const incidents = createIncidentsService({
      repo: createIncidentsRepository(db.pool),
      locate: locateReport,
      broadcaster,
      metrics,
      log,
    });
    const crime = createCrimeService({
      repo: createCrimeRepository(db.pool),
      districtOf: (p) => districtAt(p)?.code ?? null,
      districtLabel: (code) => district(code)?.label,
      broadcaster,
      metrics,
    });
    const communeIndex = new Map(communes().map((c) => [c.code, c]));
    const backlog = createBacklogService({
      repo: createBacklogRepository(db.pool),
      districtOfCommune: (code) => communeIndex.get(code)?.districtCode ?? null,
      broadcaster,
      metrics,
    });
    const open311 = createOpen311Service({
      repo: createOpen311Repository(db.pool),
      backlog,
      incidents,
      place: (point) => {
        const districtCode = districtAt(point)?.code ?? null;
        return { districtCode, communeCode: districtCode ? (nearestCommune(point, districtCode) ?? null) : null };
      },
      log,
    });
    const alarms = createAlarmsService({
      repo: createAlarmsRepository(db.pool),
      segments: segments(),
      congestion: { ...DEFAULT_CONGESTION, forSeconds: config.congestionMinutes * 60 },
      broadcaster,
      metrics,
      log,
    });
    const stopAlarms = alarms.start(config.watchdogEveryMs);
    closers.push(async () => stopAlarms());
    // The incident lifecycle: every change (acknowledging included) versioned, audited, pushed.
    const incidentsRepo = createIncidentsRepository(db.pool);
    const lifecycle = createLifecycleService({
      transaction: sequencedTransactions(db.pool),
      repo: incidentsRepo,
      audit,
      broadcaster,
      log,
    });
    const presence = createPresenceService({
      members: async (room) =>
        (await realtime.io.in(room).fetchSockets()).map(({ data: { user } }) => ({
          id: user.id,
          displayName: user.displayName,
          role: user.role,
        })),
      publish: (p) => realtime.io.to(layerRoom('incidents')).emit('incidents:presence', p),
      log: log.child({ scope: 'presence' }),
    });
    const handover = createHandoverService({
      transaction: sequencedTransactions(db.pool),
      repo: createHandoverRepository(db.pool),
      audit,
      publish: (note) => realtime.io.to(HANDOVER_ROOM).emit('handover:created', note),
      log,
    });
    const alerts = createAlertsService({
      transaction: sequencedTransactions(db.pool),
      incidents: lifecycle,
      alarms: createAlarmsRepository(db.pool),
      audit,
      broadcaster,
      log,
    });
    const session = createSessionService({
      sources: [
        traffic.source(),
        ...DEVICE_FEEDS.map((feed) => devices.source(feed)),
        incidents.source(),
        alarms.source(),
        crime.source(),
        backlog.source(),
      ],
    });
    const stopWatchdog = devices.startWatchdog({ everyMs: config.watchdogEveryMs, grace: config.watchdogGrace });
    closers.push(async () => stopWatchdog());
    const figures = createFiguresService({
      repo: createFiguresRepository(db.pool, { slowBelowKmh: DEFAULT_CONGESTION.slowBelowKmh }),
      everyMs: config.figuresEveryMs,
      publish: (state) => realtime.io.to(FIGURES_ROOM).emit('figures:updated', state),
      log,
    });
    const stopFigures = figures.start();
    closers.push(async () => stopFigures());

    // History: rollups and retention (the job, or TimescaleDB's aggregates and policies), and the
    // history API's series, as-of states and replay events.
    const rollups = createRollupService({
      repo: createRollupRepository(db.pool),
      timescale: createTimescaleRepository(db.pool),
      districtOf: (p) => districtAt(p)?.code ?? null,
      policy: config.history,
      log,
    });
    await rollups.prepare();
    const stopRollups = rollups.start(config.history.rollupEveryMs);
    closers.push(async () => stopRollups());
    const history = createHistoryService({
      repo: createHistoryRepository(db.pool),
      series: createSeriesRepository(db.pool),
      rollups,
      segmentExists: (id) => segment(id) !== undefined,
      districtExists: (code) => district(code) !== undefined,
      districtLabel: (code) => district(code)?.label,
    });

    // The analysis panel: aggregates of the stored history, its exports drawn on the gazetteer's shapes.
    const analysis = createAnalysisService({
      repo: createAnalysisRepository(db.pool),
      rolledUntil: (size) => rollups.rolledUntil(size),
      corridorName: (id) => corridor(id)?.name,
    });
    const analysisPlaces = {
      districtName: (code: string) => district(code)?.name ?? code,
      districtRings: (code: string) =>
        districtCells()
          .find((c) => c.code === code)
          ?.rings.map((r) => r.map((p) => [...p])),
      corridorLine: (id: string) => corridor(id)?.coordinates.map((p) => [...p]),
    };

    // A unit's en-route and on-scene reports move the incident it is on, once the feed has stored them.
    const unitReports = createUnitReportsFollower({
      repo: createUnitsRepository(db.pool),
      incidents: incidentsRepo,
      lifecycle,
      transaction: sequencedTransactions(db.pool),
      registry: metrics.registry,
      log,
    });
    closers.push(() => unitReports.close());

    // Every MQTT feed, in one visible list.
    const feedDeps = { topicRoot: config.topicRoot, quarantine, batch, log };
    const mqttFeeds = [
      createTrafficFeed({ ...feedDeps, traffic }),
      createDeviceFeed('signals', { ...feedDeps, devices }),
      createDeviceFeed('cameras', { ...feedDeps, devices }),
      createDeviceFeed('units', { ...feedDeps, devices: followingUnitReports(devices, unitReports, log) }),
      createDeviceFeed('network', { ...feedDeps, devices, place: placeNetworkNode }),
    ];
    closers.push(() => quarantine.close());
    for (const feed of mqttFeeds) closers.push(() => feed.close());
    const ingest = createMqttIngest({ feeds: mqttFeeds, quarantine, metrics, log: log.child({ scope: 'ingest' }) });
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

    // Response units: the registry (the simulators' fleet, so ids match the units feed), recommendations
    // by travel time over the roads, and dispatch commands on <root>/units/<unitId>/commands.
    const unitCommands = await createCommandPublisher({
      url: mqttUrl,
      clientId: `${config.mqttClientId}-commands`,
      topicRoot: config.topicRoot,
      log,
    });
    closers.push(() => unitCommands.close());
    const devicesRepo = createDevicesRepository(db.pool);
    const units = createUnitsService({
      repo: createUnitsRepository(db.pool),
      network: createRoadNetwork(),
      liveUnits: () => devicesRepo.latest('units'),
      detectors: createTrafficRepository(db.pool).latest,
      incidents: incidentsPort(lifecycle, incidentsRepo),
      transaction: sequencedTransactions(db.pool),
      audit,
      sendCommand: unitCommands.send,
      log,
    });
    await units.seed(registryOf(placeUnits()));
    // Recalls and out-of-service orders; the units of an incident that ends are recalled.
    const unitOrders = createUnitOrdersService({
      repo: createUnitsRepository(db.pool),
      units,
      transaction: sequencedTransactions(db.pool),
      audit,
      sendCommand: unitCommands.send,
      log,
    });
    await unitOrders.recallUnfinished();

    const stopSessionSweep = startSessionSweep({
      io: realtime.io,
      accounts,
      everyMs: config.sessionCheckMs,
      log: log.child({ scope: 'accounts' }),
    });
    closers.push(async () => stopSessionSweep());

    // Every domain's socket commands, in one visible list.
    realtime.register([
      sessionSocket(session, log.child({ scope: 'session' })),
      alertsSocket(alerts, log.child({ scope: 'alerts' })),
      incidentsSocket(
        {
          lifecycle: recallingUnits(lifecycle, unitOrders, log),
          presence,
          exists: async (id) => (await incidentsRepo.get(id)) !== null,
        },
        log.child({ scope: 'incidents' }),
      ),
      handoverSocket(),
      unitsSocket(units, unitOrders, log.child({ scope: 'units' })),
      wallSocket(wall, log.child({ scope: 'wall' })),
      figuresSocket(figures, log.child({ scope: 'figures' })),
    ]);

    const httpFeedDeps = { auth: requireApiKey(agencies.verify), quarantine, metrics, log };
    http.on(
      'request',
      createHttpApp({
        routers: {
          '/api/v1/feeds': feedsRouter(config.topicRoot),
          // Every HTTP feed, each behind an agency API key.
          '/api/v1/feeds/incidents': httpFeedRouter({ feed: createIncidentsFeed(incidents), ...httpFeedDeps }),
          '/api/v1/feeds/crime': httpFeedRouter({ feed: createCrimeFeed(crime), ...httpFeedDeps }),
          '/api/v1/feeds/backlog': httpFeedRouter({
            feed: createBacklogFeed(backlog, (code) => communeIndex.has(code)),
            ...httpFeedDeps,
          }),
          '/api/v1/geo': geoRouter(),
          '/api/v1/session': sessionRouter(accounts, { sessionTtlSeconds }),
          '/api/v1/users': usersRouter(accounts),
          '/api/v1/quarantine': quarantineRouter(
            quarantine,
            requirePermission(accounts.authenticate, 'quarantine.view'),
          ),
          '/api/v1/audit': auditRouter(audit, requirePermission(accounts.authenticate, 'audit.view')),
          '/api/v1/crime': crimeRouter(
            createCrimeDetailService({ repo: createCrimeRepository(db.pool), audit, db: db.pool }),
            requirePermission(accounts.authenticate, 'crime.exact'),
          ),
          '/api/v1/figures': figuresRouter(figures, requirePermission(accounts.authenticate, 'console.view')),
          '/api/v1/history': historyRouter(history, requirePermission(accounts.authenticate, 'console.view')),
          '/api/v1/analysis': analysisRouter(
            analysis,
            requirePermission(accounts.authenticate, ['console.view', 'wall.view']),
            analysisPlaces,
          ),
          '/api/v1/units': unitsRouter(units, requirePermission(accounts.authenticate, 'console.view')),
          '/api/v1/incidents/:incidentId/recommendations': recommendationsRouter(
            units,
            requirePermission(accounts.authenticate, 'console.view'),
          ),
          '/api/v1/incidents': incidentsRouter(
            createTimelineService({ repo: incidentsRepo, audit }),
            requirePermission(accounts.authenticate, 'console.view'),
          ),
          '/api/v1/handover': handoverRouter(handover, {
            view: requirePermission(accounts.authenticate, 'console.view'),
            write: requirePermission(accounts.authenticate, 'incidents.dispatch'),
          }),
          '/open311/v2': open311Router({ service: open311, verifyKey: agencies.verify }),
        },
        health: { database: () => db.ping(), broker: () => subscriber.isConnected() },
        metrics,
        trustProxy: config.trustProxy,
        clientDir: CLIENT_DIR,
        log,
      }),
    );
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => resolve());
    });
    const port = (http.address() as AddressInfo).port;

    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    if (config.simulate) {
      const scenario = getScenario(config.simScenario);
      // One clock for both runners, so the scenario's scripted events line up across MQTT and HTTP.
      const startAt = config.simStart ?? new Date();
      if (scenario.devices) {
        const sims = await startSimulators({
          mqttUrl,
          topicRoot: config.topicRoot,
          rate: config.simRate,
          seed: config.simSeed,
          scenario: scenario.name,
          startAt,
          speed: config.simSpeed,
          log: log.child({ scope: 'simulators' }),
        });
        closers.push(() => sims.stop());
      }
      // The agencies post to the HTTP feeds like any outside client, with an agency key.
      if (scenario.agencies.length > 0 && simulatorKey) {
        const agencySims = await startAgencySimulators({
          baseUrl: `http://127.0.0.1:${port}`,
          apiKey: simulatorKey,
          seed: config.simSeed,
          startAt,
          speed: config.simSpeed,
          feeds: [...scenario.agencies],
          scripted: scenario.script?.({ seed: config.simSeed, startAt }),
          log: log.child({ scope: 'simulators' }),
        });
        closers.push(() => agencySims.stop());
      } else if (scenario.agencies.length > 0)
        log.warn('agency simulators not started: set FEED_API_KEYS to give them a key');
    }

    log.info(
      { url, database: db.mode, storage: db.storage, mqtt: mqttUrl, simulate: config.simulate },
      `console ready at ${url}`,
    );
    return { url, port, mqttUrl, databaseUrl: db.url, pool: db.pool, config, log, close };
  } catch (err) {
    await close();
    throw err;
  }
}

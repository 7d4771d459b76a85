import { hostname } from 'node:os';
import { z } from 'zod';
import { DEFAULT_TOPIC_ROOT } from '../../protocol/index.js';
import { DEFAULT_SCENARIO, scenarioNames, scenarios } from '../../simulators/src/scenarios.js';

export const agencySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{1,39}$/, 'agency: 2-40 of a-z 0-9 _ -, starting with a letter or digit');

/** `agency:key,agency:key`; keys of 16 characters or more. */
const feedApiKeysSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const pairs: Array<{ agency: string; key: string }> = [];
    for (const pair of value?.split(',').filter((p) => p.trim()) ?? []) {
      const at = pair.indexOf(':');
      const agency = pair.slice(0, Math.max(at, 0)).trim();
      const key = pair.slice(at + 1).trim();
      if (at < 1 || key.length < 16 || !agencySchema.safeParse(agency).success) {
        ctx.addIssue({
          code: 'custom',
          message: `"${agency || '?'}:…" must be agency:key with a key of 16+ characters`,
        });
      } else pairs.push({ agency, key });
    }
    return pairs;
  });

const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/**
 * Environment -> one typed, validated object. Every variable is documented in .env.example.
 * With neither DATABASE_URL nor MQTT_URL set the server runs on embedded engines and simulates Hanoi.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  MQTT_URL: z.string().url().optional(),
  EMBEDDED_MQTT_HOST: z.string().default('127.0.0.1'),
  EMBEDDED_MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1884),
  MQTT_TOPIC_ROOT: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default(DEFAULT_TOPIC_ROOT),
  MQTT_CLIENT_ID: z.string().min(1).default(`hanoi-console-${hostname()}`),
  MQTT_SHARE_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
  REDIS_URL: z.string().url().optional(),
  FEED_API_KEYS: feedApiKeysSchema,
  ADMIN_PASSWORD: z.string().min(10, 'at least 10 characters').max(200).optional(),
  DEMO_ACCOUNTS: bool.optional(),
  DEMO_PASSWORD: z.string().min(4).max(200).optional(),
  SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(14),
  SESSION_CHECK_MS: z.coerce.number().int().min(100).max(60000).default(3000),
  TRUST_PROXY: z.string().default('loopback'),
  SIMULATE: bool.optional(),
  SIM_RATE: z.coerce.number().positive().default(40),
  SIM_SEED: z.coerce.number().int().default(2016),
  SIM_START: z.iso.datetime({ offset: true }).optional(),
  SIM_SPEED: z.coerce.number().positive().max(3600).default(1),
  SIM_SCENARIO: z
    .string()
    .default(DEFAULT_SCENARIO)
    .refine((name) => scenarios.has(name), { error: `one of ${scenarioNames().join(', ')}` }),
  FRAME_MS: z.coerce.number().int().min(10).max(5000).default(250),
  BATCH_MAX_ROWS: z.coerce.number().int().min(1).max(10000).default(500),
  BATCH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(5000).default(20),
  WATCHDOG_EVERY_MS: z.coerce.number().int().min(100).max(600000).default(5000),
  WATCHDOG_GRACE: z.coerce.number().min(1).max(10).default(1.5),
  CONGESTION_MINUTES: z.coerce.number().min(0).max(120).default(5),
  FIGURES_EVERY_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  HISTORY_RAW_DAYS: z.coerce.number().positive().max(3650).default(14),
  HISTORY_ROLLUP_1M_DAYS: z.coerce.number().positive().max(3650).default(90),
  HISTORY_ROLLUP_1H_DAYS: z.coerce.number().positive().max(3650).default(730),
  HISTORY_ROLLUP_EVERY_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  HISTORY_LATE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(120),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Hours are made from minutes and minutes from raw rows: each is kept at least as long as what it is made from. */
const checkedEnvSchema = envSchema
  .refine((e) => e.HISTORY_RAW_DAYS <= e.HISTORY_ROLLUP_1M_DAYS, {
    path: ['HISTORY_ROLLUP_1M_DAYS'],
    message: 'at least HISTORY_RAW_DAYS',
  })
  .refine((e) => e.HISTORY_ROLLUP_1M_DAYS <= e.HISTORY_ROLLUP_1H_DAYS, {
    path: ['HISTORY_ROLLUP_1H_DAYS'],
    message: 'at least HISTORY_ROLLUP_1M_DAYS',
  });

export interface Config {
  port: number;
  host: string;
  /** Real PostgreSQL when set; otherwise the embedded engine with data under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Port of the embedded engine's PostgreSQL socket (0 = any free port). */
  embeddedDbPort: number;
  /** External broker when set; otherwise the embedded broker on embeddedMqttHost:embeddedMqttPort. */
  mqttUrl: string | undefined;
  embeddedMqttHost: string;
  embeddedMqttPort: number;
  topicRoot: string;
  mqttClientId: string;
  /** When set, subscribe with `$share/<group>/...` so several servers split the device stream. */
  mqttShareGroup: string | undefined;
  /** When set, Socket.IO broadcasts cross server processes through Redis. */
  redisUrl: string | undefined;
  /** Agency API keys for the HTTP feeds, besides those made with `npm run admin -- keys add`. */
  feedApiKeys: Array<{ agency: string; key: string }>;
  /** The first administrator's password (account "admin"); without it, a one-time password is printed. */
  adminPassword: string | undefined;
  /** One demo account per role (demo-viewer ... demo-press): defaults to on only when both engines are embedded. */
  demoAccounts: boolean;
  /** Their shared password; default: generated once and kept in DATA_DIR/demo-password. */
  demoPassword: string | undefined;
  /** A session lasts this long (a shift and a bit), then the operator signs in again. */
  sessionHours: number;
  /** How often open sockets are checked against their sessions (logout, disabled, role changed). */
  sessionCheckMs: number;
  /** Express "trust proxy": which proxies may say the client's address and protocol (X-Forwarded-*). */
  trustProxy: string;
  /** Run the simulators in-process. Defaults to on only when both engines are embedded. */
  simulate: boolean;
  simRate: number;
  simSeed: number;
  /** Simulated time starts here (default: now) and runs simSpeed times the wall clock. */
  simStart: Date | undefined;
  simSpeed: number;
  /** What the in-process simulators play (see simulators/src/scenarios.ts): city by default. */
  simScenario: string;
  frameMs: number;
  batchMaxRows: number;
  batchMaxWaitMs: number;
  /** How often the watchdog looks for silent devices, and how many expected intervals it waits. */
  watchdogEveryMs: number;
  watchdogGrace: number;
  /** A road segment slow (every detector under 15 km/h) this long raises a congestion alarm. */
  congestionMinutes: number;
  /** How often the figures at a glance are sampled, stored and pushed to the consoles. */
  figuresEveryMs: number;
  /**
   * History (modules/history): raw readings, reports and silences are kept rawDays, 1-minute rollups
   * minuteDays, 1-hour rollups and superseded incident/alarm/crime/dossier states hourDays; the rollup
   * job runs every rollupEveryMs and rolls up a minute once it is lateSeconds behind.
   */
  history: { rawDays: number; minuteDays: number; hourDays: number; rollupEveryMs: number; lateSeconds: number };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** auto: pretty on a terminal, JSON lines otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = checkedEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL && !e.MQTT_URL;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    embeddedDbPort: e.EMBEDDED_DB_PORT,
    mqttUrl: e.MQTT_URL,
    embeddedMqttHost: e.EMBEDDED_MQTT_HOST,
    embeddedMqttPort: e.EMBEDDED_MQTT_PORT,
    topicRoot: e.MQTT_TOPIC_ROOT,
    mqttClientId: e.MQTT_CLIENT_ID,
    mqttShareGroup: e.MQTT_SHARE_GROUP,
    redisUrl: e.REDIS_URL,
    feedApiKeys: e.FEED_API_KEYS,
    adminPassword: e.ADMIN_PASSWORD,
    demoAccounts: e.DEMO_ACCOUNTS ?? embedded,
    demoPassword: e.DEMO_PASSWORD,
    sessionHours: e.SESSION_HOURS,
    sessionCheckMs: e.SESSION_CHECK_MS,
    trustProxy: e.TRUST_PROXY,
    simulate: e.SIMULATE ?? embedded,
    simRate: e.SIM_RATE,
    simSeed: e.SIM_SEED,
    simStart: e.SIM_START ? new Date(e.SIM_START) : undefined,
    simSpeed: e.SIM_SPEED,
    simScenario: e.SIM_SCENARIO,
    frameMs: e.FRAME_MS,
    batchMaxRows: e.BATCH_MAX_ROWS,
    batchMaxWaitMs: e.BATCH_MAX_WAIT_MS,
    watchdogEveryMs: e.WATCHDOG_EVERY_MS,
    watchdogGrace: e.WATCHDOG_GRACE,
    congestionMinutes: e.CONGESTION_MINUTES,
    figuresEveryMs: e.FIGURES_EVERY_MS,
    history: {
      rawDays: e.HISTORY_RAW_DAYS,
      minuteDays: e.HISTORY_ROLLUP_1M_DAYS,
      hourDays: e.HISTORY_ROLLUP_1H_DAYS,
      rollupEveryMs: e.HISTORY_ROLLUP_EVERY_MS,
      lateSeconds: e.HISTORY_LATE_SECONDS,
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}

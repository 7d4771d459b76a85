import { hostname } from 'node:os';
import { z } from 'zod';
import { DEFAULT_TOPIC_ROOT } from '../../protocol/index.js';

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
  SIMULATE: bool.optional(),
  SIM_RATE: z.coerce.number().positive().default(40),
  SIM_SEED: z.coerce.number().int().default(2016),
  SIM_START: z.iso.datetime({ offset: true }).optional(),
  SIM_SPEED: z.coerce.number().positive().max(3600).default(1),
  FRAME_MS: z.coerce.number().int().min(10).max(5000).default(250),
  BATCH_MAX_ROWS: z.coerce.number().int().min(1).max(10000).default(500),
  BATCH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(5000).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  /** Run the simulators in-process. Defaults to on only when both engines are embedded. */
  simulate: boolean;
  simRate: number;
  simSeed: number;
  /** Simulated time starts here (default: now) and runs simSpeed times the wall clock. */
  simStart: Date | undefined;
  simSpeed: number;
  frameMs: number;
  batchMaxRows: number;
  batchMaxWaitMs: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
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
    simulate: e.SIMULATE ?? embedded,
    simRate: e.SIM_RATE,
    simSeed: e.SIM_SEED,
    simStart: e.SIM_START ? new Date(e.SIM_START) : undefined,
    simSpeed: e.SIM_SPEED,
    frameMs: e.FRAME_MS,
    batchMaxRows: e.BATCH_MAX_ROWS,
    batchMaxWaitMs: e.BATCH_MAX_WAIT_MS,
    logLevel: e.LOG_LEVEL,
  };
}

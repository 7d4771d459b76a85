import { pino, type Logger } from 'pino';

export type { Logger };

/** One structured root logger per server; modules take `log.child({ scope })`. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { ...base }, timestamp: pino.stdTimeFunctions.isoTime });
}

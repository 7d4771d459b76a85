import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One structured root logger per server; modules take `log.child({ scope })`. JSON lines for
 * machines; on a terminal, the same records pretty-printed for the person who ran `npm start`.
 */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  format: 'auto' | 'json' | 'pretty' = 'json',
): Logger {
  const pretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY);
  return pino({
    level,
    base: { ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty && {
      transport: {
        target: 'pino-pretty',
        options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', singleLine: true },
      },
    }),
  });
}

/**
 * Every socket command answers with this shape. `details` carries what the console needs to act on
 * an error, e.g. the current incident of an `incidents:update` conflict.
 */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export type AckCallback<T> = (ack: Ack<T>) => void;

export const ok = <T>(data: T): Ack<T> => ({ ok: true, data });
export const fail = (code: string, message: string, details?: unknown): Ack<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

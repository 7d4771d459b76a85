/** Every socket command answers with this shape. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export type AckCallback<T> = (ack: Ack<T>) => void;

export const ok = <T>(data: T): Ack<T> => ({ ok: true, data });
export const fail = (code: string, message: string): Ack<never> => ({ ok: false, error: { code, message } });

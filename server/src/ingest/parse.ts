import type { z } from 'zod';
import type { QuarantineReason } from '../modules/quarantine/quarantine.repository.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: QuarantineReason };

const reasonOf = (message: string, issues: QuarantineReason['issues']): Parsed<never> => ({
  ok: false,
  reason: { message, issues },
});

export const rejectWith = (code: string, message: string, path: Array<string | number> = []): Parsed<never> =>
  reasonOf(message, [{ path, code, message }]);

/** Parses a JSON payload against a schema once, at the edge; the reason lists every zod issue. */
export function parseJsonPayload<S extends z.ZodType>(payload: Buffer, schema: S): Parsed<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return rejectWith('invalid_json', `payload is not JSON: ${(err as Error).message}`);
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    code: i.code,
    message: i.message,
  }));
  return reasonOf(issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '), issues);
}

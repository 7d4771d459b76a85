import { BatchWriter } from '../../ingest/batch-writer.js';
import type { Logger } from '../../platform/log.js';
import type { Metrics } from '../../platform/metrics.js';
import type { QuarantineReason, QuarantineRepository, QuarantineRow } from './quarantine.repository.js';

/** Keeps the raw payload as text when it is valid UTF-8, as base64 otherwise: nothing is lost. */
export function encodePayload(payload: Buffer): Pick<QuarantineRow, 'payload' | 'payloadEncoding'> {
  const text = payload.toString('utf8');
  return Buffer.from(text, 'utf8').equals(payload) && !text.includes('\u0000')
    ? { payload: text, payloadEncoding: 'utf8' }
    : { payload: payload.toString('base64'), payloadEncoding: 'base64' };
}

/** Rejected feed messages: a reason, a log line, a counter and a row that operators can query. */
export function createQuarantineService(deps: {
  repo: QuarantineRepository;
  metrics: Metrics;
  log: Logger;
  batch: { maxRows: number; maxWaitMs: number };
}) {
  const log = deps.log.child({ scope: 'quarantine' });
  const writer = new BatchWriter<QuarantineRow>({
    name: 'quarantine',
    ...deps.batch,
    write: (rows) => deps.repo.insertMany(rows),
    // A row the database refuses even here is kept in the log in full.
    reject: async (row, err) => log.error({ row, err: err.message }, 'quarantine row refused by the database'),
    log,
  });

  return {
    /** Resolves once the rejected message is stored, so it can be acknowledged. */
    async reject(feed: string, source: string, payload: Buffer, reason: QuarantineReason): Promise<void> {
      deps.metrics.rejected.inc({ feed });
      log.warn({ feed, source, reason: reason.message, issues: reason.issues }, 'message rejected');
      await writer.submit({ feed, source, ...encodePayload(payload), reason });
    },
    list: deps.repo.list,
    close: () => writer.close(),
  };
}

export type QuarantineService = ReturnType<typeof createQuarantineService>;

import {
  BACKLOG_BATCH_MAX,
  backlogReportSchema,
  type BacklogBatchAccepted,
  type BacklogReport,
} from '../../../protocol/index.js';
import type { QuarantineReason } from '../modules/quarantine/quarantine.repository.js';
import type { BacklogService } from '../modules/backlog/backlog.service.js';
import { jsonBody, type Accepted, type HttpFeed } from './http.ingest.js';
import { rejectWith, type Parsed } from './parse.js';

/** Room for 5,000 reports even pretty-printed (one is about 170 bytes compact). */
const BATCH_BODY_LIMIT_BYTES = 4 * 1024 * 1024;
/** A rejected batch names at most this many fields in its answer, and the first few in its message. */
const LISTED_ISSUES = 1000;
const ISSUES_IN_MESSAGE = 10;

type Issue = QuarantineReason['issues'][number];

const unknownCommune = (code: string) => `communeCode ${code} is not one of Hanoi's 584 communes`;

/** `[12].overdue`, `[3].location.coordinates[0]`: a batch item's field as integrators read it. */
const indexPath = (path: ReadonlyArray<string | number>): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** Whether the JSON body is an array: its first byte past any whitespace is `[`. */
function isArrayBody(body: Buffer): boolean {
  for (const byte of body) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x5b;
  }
  return false;
}

/**
 * A batch, all or nothing: its length first (one clear reason for an empty or oversized array), then
 * every item, each offending field named by its index path.
 */
function parseBatch(body: Buffer, communeExists: (code: string) => boolean): Parsed<BacklogReport[]> {
  let items: unknown;
  try {
    items = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return rejectWith('invalid_json', `payload is not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(items)) return rejectWith('invalid_type', 'expected a report or an array of reports');
  if (items.length === 0) {
    return rejectWith('too_small', `an empty array: a batch carries 1 to ${BACKLOG_BATCH_MAX} reports`);
  }
  if (items.length > BACKLOG_BATCH_MAX) {
    return rejectWith(
      'too_big',
      `a batch carries at most ${BACKLOG_BATCH_MAX} reports, this one has ${items.length}: post it in parts`,
    );
  }
  const issues: Issue[] = [];
  const reports: BacklogReport[] = [];
  items.forEach((item, index) => {
    const result = backlogReportSchema.safeParse(item);
    if (!result.success) {
      for (const i of result.error.issues) {
        const path = [index, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
        issues.push({ path, code: i.code, message: i.message });
      }
    } else if (!communeExists(result.data.communeCode)) {
      issues.push({
        path: [index, 'communeCode'],
        code: 'unknown_commune',
        message: unknownCommune(result.data.communeCode),
      });
    } else reports.push(result.data);
  });
  if (issues.length === 0) return { ok: true, value: reports };

  const invalid = new Set(issues.map((i) => i.path[0])).size;
  const named = issues.slice(0, ISSUES_IN_MESSAGE).map((i) => `${indexPath(i.path)}: ${i.message}`);
  if (issues.length > ISSUES_IN_MESSAGE) named.push(`and ${issues.length - ISSUES_IN_MESSAGE} more`);
  const listed = issues.length > LISTED_ISSUES ? ` (the first ${LISTED_ISSUES} fields are listed)` : '';
  return {
    ok: false,
    reason: {
      message: `${invalid} of ${items.length} reports are invalid, nothing was stored${listed}: ${named.join('; ')}`,
      issues: issues.slice(0, LISTED_ISSUES),
    },
  };
}

/**
 * `POST /api/v1/feeds/backlog`: dossier figures of one commune and sector, or a JSON array of them (a
 * commune's or a district's figures of one hour) stored all or nothing; every commune must exist.
 */
export function createBacklogFeed(
  backlog: BacklogService,
  communeExists: (code: string) => boolean,
): HttpFeed<BacklogReport | BacklogReport[], Accepted | BacklogBatchAccepted> {
  const json = jsonBody(backlogReportSchema);
  return {
    feed: 'backlog',
    maxBodyBytes: BATCH_BODY_LIMIT_BYTES,
    parse(body) {
      if (isArrayBody(body)) return parseBatch(body, communeExists);
      const parsed = json(body);
      if (parsed.ok && !communeExists(parsed.value.communeCode)) {
        return rejectWith('unknown_commune', unknownCommune(parsed.value.communeCode), ['communeCode']);
      }
      return parsed;
    },
    count: (value) => (Array.isArray(value) ? value.length : 1),
    accept: (value, agency) =>
      Array.isArray(value) ? backlog.reportMany(value, agency) : backlog.report(value, agency),
  };
}

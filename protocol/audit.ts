/**
 * `GET /api/v1/audit?limit=&before=` (permission `audit.view`): what operators did, newest first,
 * append-only. Page with `before` = the smallest `id` of the previous page.
 */
export interface AuditEntry {
  id: number;
  at: string;
  /** The account that acted, and its username at the time. */
  userId: number;
  username: string;
  /** What was done, e.g. `acknowledge`. */
  action: string;
  /** What it was done to, e.g. `incident` INC-0000042. */
  targetKind: string;
  targetId: string;
  /** The target as consoles saw it before and after. */
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  entries: AuditEntry[];
}

import type { AuditPage } from '../../../protocol/index.js';
import { send } from './http.js';

export interface AuditQuery {
  limit: number;
  /** The smallest id of the page before: the next page is older. */
  before?: number;
}

/** The audit log, newest first (`audit.view`: supervisors, administrators). */
export async function fetchAudit(q: AuditQuery): Promise<AuditPage['entries']> {
  const params = new URLSearchParams({ limit: String(q.limit) });
  if (q.before !== undefined) params.set('before', String(q.before));
  return (await send<AuditPage>('GET', `/api/v1/audit?${params}`)).entries;
}

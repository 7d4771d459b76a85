import type { HandoverNote, HandoverPage, IncidentTimeline } from '../../../protocol/index.js';
import { send } from './http.js';

/** An incident's record, oldest first: reported, each audited change with its author, notes. */
export const fetchTimeline = (id: string): Promise<IncidentTimeline> =>
  send<IncidentTimeline>('GET', `/api/v1/incidents/${encodeURIComponent(id)}/timeline`);

/** The latest shift handover notes, newest first. */
export const fetchHandover = async (limit = 20): Promise<HandoverNote[]> =>
  (await send<HandoverPage>('GET', `/api/v1/handover?limit=${limit}`)).notes;

/** Appends a handover note (dispatchers, supervisors, administrators). */
export const postHandover = async (text: string): Promise<HandoverNote> =>
  (await send<{ note: HandoverNote }>('POST', '/api/v1/handover', { text })).note;

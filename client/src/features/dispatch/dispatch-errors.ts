import { ApiError } from '../../api/http.js';
import { CommandError } from '../../realtime/sync.js';

/** Why a dispatch command or request failed, as the dispatch texts name it (`dispatch.error.<code>`). */
export const DISPATCH_ERRORS = [
  'forbidden',
  'not_found',
  'invalid_transition',
  'invalid_request',
  'incident_closed',
  'no_position',
  'unit_unavailable',
  'unit_busy',
  'unreachable',
  'command_not_sent',
  'offline',
  'timeout',
  'other',
] as const;
export type DispatchErrorCode = (typeof DISPATCH_ERRORS)[number];

const known = (code: string): DispatchErrorCode =>
  (DISPATCH_ERRORS as readonly string[]).includes(code) ? (code as DispatchErrorCode) : 'other';

/**
 * The server's refusal over the socket (an error ack) or HTTP (an error body), a link that is down
 * (`offline`), or a command with no answer in time (`timeout`); anything else is `other`. The
 * operator reads a sentence in their language for each, never the server's English message.
 */
export function dispatchError(err: unknown): DispatchErrorCode {
  if (err instanceof CommandError) return known(err.code);
  if (err instanceof ApiError)
    return err.status === 403 ? 'forbidden' : err.status === 404 ? 'not_found' : known(err.code);
  if (err instanceof TypeError) return 'offline'; // fetch could not reach the server
  if (err instanceof Error && /timed out/i.test(err.message)) return 'timeout';
  return 'other';
}

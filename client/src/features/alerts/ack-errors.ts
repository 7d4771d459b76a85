import { CommandError } from '../../realtime/sync.js';

/** Why an acknowledgement failed, as the alerts texts name it (`alerts.error.<code>`). */
export const ACK_ERRORS = ['forbidden', 'not_found', 'offline', 'timeout', 'other'] as const;
export type AckError = (typeof ACK_ERRORS)[number];

/**
 * The server's refusal (`forbidden`, `not_found`), a link that is down (`offline`) or a command
 * that got no answer in time (`timeout`, Socket.IO's ack timeout); anything else is `other`.
 */
export function ackError(err: unknown): AckError {
  if (err instanceof CommandError)
    return (ACK_ERRORS as readonly string[]).includes(err.code) ? (err.code as AckError) : 'other';
  if (err instanceof Error && /timed out/i.test(err.message)) return 'timeout';
  return 'other';
}

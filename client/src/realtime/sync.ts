import type {
  AcknowledgeRequest,
  AcknowledgeResult,
  Ack,
  Layer,
  ResumeResult,
  SnapshotResult,
} from '../../../protocol/index.js';
import type { ConsoleSocket } from './socket.js';

/** How long a command may wait for its answer before the console treats the link as broken. */
export const ACK_TIMEOUT_MS = 15_000;

/** A command the server answered with `{ ok: false }`. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly code: string,
    message: string,
  ) {
    super(`${command}: ${code}: ${message}`);
  }
}

function unwrap<T>(command: string, ack: Ack<T>): T {
  if (!ack.ok) throw new CommandError(command, ack.error.code, ack.error.message);
  return ack.data;
}

/** First connection: join the layers' rooms and get their current state. */
export async function subscribe(socket: ConsoleSocket, layers: Layer[]): Promise<SnapshotResult> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('layers:subscribe', { layers });
  return unwrap('layers:subscribe', ack);
}

/** One page of what was stored after `since` (the server also re-joins the layers' rooms). */
export async function resumePage(socket: ConsoleSocket, since: number, layers: Layer[]): Promise<ResumeResult> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('session:resume', { since, layers });
  return unwrap('session:resume', ack);
}

/** `alerts:acknowledge`: an operator has seen an incident or an alarm; answers its updated state. */
export async function acknowledgeAlert(socket: ConsoleSocket, req: AcknowledgeRequest): Promise<AcknowledgeResult> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('alerts:acknowledge', req);
  return unwrap('alerts:acknowledge', ack);
}

import {
  conflictOf,
  type AcknowledgeRequest,
  type AcknowledgeResult,
  type Ack,
  type AssignRequest,
  type AssignResult,
  type IncidentPresence,
  type IncidentState,
  type Layer,
  type Recommendation,
  type RecommendRequest,
  type ResumeResult,
  type SnapshotResult,
  type UpdateIncidentRequest,
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

/** `incidents:update`: a lifecycle step, priority, category, duplicate link or note, at the version seen. */
export async function updateIncident(socket: ConsoleSocket, req: UpdateIncidentRequest): Promise<IncidentState> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('incidents:update', req);
  if (!ack.ok && ack.error.code === 'conflict') {
    const current = conflictOf(ack);
    if (current) throw new ConflictError(current, ack.error.message);
  }
  return unwrap('incidents:update', ack);
}

/** The incident changed since the console's copy: nothing was saved; `current` is how it is now. */
export class ConflictError extends CommandError {
  constructor(
    readonly current: IncidentState,
    message: string,
  ) {
    super('incidents:update', 'conflict', message);
  }
}

/** `incidents:watch` / `incidents:unwatch`: tell the others who has an incident open. */
export async function watchIncident(socket: ConsoleSocket, id: string, watching: boolean): Promise<IncidentPresence> {
  const event = watching ? 'incidents:watch' : 'incidents:unwatch';
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, { id });
  return unwrap(event, ack);
}

/** `units:recommend`: available units ranked by travel time over the roads at current speeds. */
export async function recommendUnits(socket: ConsoleSocket, req: RecommendRequest): Promise<Recommendation> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('units:recommend', req);
  return unwrap('units:recommend', ack);
}

/** `units:assign`: send a unit to an incident (the incident becomes dispatched). */
export async function assignUnit(socket: ConsoleSocket, req: AssignRequest): Promise<AssignResult> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('units:assign', req);
  return unwrap('units:assign', ack);
}

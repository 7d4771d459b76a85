import type { WallSnapshot } from '../../../protocol/index.js';
import type { ConsoleSocket } from '../realtime/socket.js';
import { ACK_TIMEOUT_MS, CommandError } from '../realtime/sync.js';

/** Joins the `wall` room and gets the wall's snapshot (the only command the wall sends). */
export async function subscribeWall(socket: ConsoleSocket): Promise<WallSnapshot> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('wall:subscribe', {});
  if (!ack.ok) throw new CommandError('wall:subscribe', ack.error.code, ack.error.message);
  return ack.data;
}

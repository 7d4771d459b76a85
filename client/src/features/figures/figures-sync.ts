import type { FiguresSnapshot } from '../../../../protocol/index.js';
import type { ConsoleSocket } from '../../realtime/socket.js';
import { ACK_TIMEOUT_MS, CommandError } from '../../realtime/sync.js';
import { FIGURES_HOURS, type FiguresStore } from './figures.store.js';

/** Pause before asking again when `figures:subscribe` got no answer on a link that stayed up. */
export const FIGURES_RETRY_MS = 5_000;

/** Refusals that asking again will not change (a role without console.view, a bad request). */
const PERMANENT = new Set(['forbidden', 'invalid_request']);

/** Joins the `figures` room and gets the figures now with the samples of the last `hours`. */
export async function subscribeFigures(socket: ConsoleSocket, hours = FIGURES_HOURS): Promise<FiguresSnapshot> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('figures:subscribe', { hours });
  if (!ack.ok) throw new CommandError('figures:subscribe', ack.error.code, ack.error.message);
  return ack.data;
}

/**
 * Keeps the figures subscribed: after the console's first synchronisation and after every
 * reconnect's (the server re-joins the layers' rooms on resume, not the `figures` room). A lost or
 * failed answer is asked again while the link holds; a refusal (a role without console.view) is not.
 * Returns a function that stops.
 */
export function startFiguresSync(deps: {
  connection: { onSynchronised(fn: (socket: ConsoleSocket) => void): () => void };
  figures: Pick<FiguresStore, 'applySnapshot' | 'failed'>;
  hours?: number;
  retryMs?: number;
}): () => void {
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;

  async function subscribeOn(socket: ConsoleSocket, token: number): Promise<void> {
    try {
      const snapshot = await subscribeFigures(socket, deps.hours);
      if (token === attempt) deps.figures.applySnapshot(snapshot);
    } catch (err) {
      if (token !== attempt) return;
      deps.figures.failed(err instanceof Error ? err.message : String(err));
      if (err instanceof CommandError && PERMANENT.has(err.code)) return;
      retry = setTimeout(() => {
        if (token === attempt && socket.connected) void subscribeOn(socket, token);
      }, deps.retryMs ?? FIGURES_RETRY_MS);
    }
  }

  const stop = deps.connection.onSynchronised((socket) => {
    clearTimeout(retry);
    void subscribeOn(socket, ++attempt);
  });
  return () => {
    stop();
    clearTimeout(retry);
    attempt++;
  };
}

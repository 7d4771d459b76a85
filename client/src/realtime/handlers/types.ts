import type { ServerToClientEvents } from '../../../../protocol/index.js';

export type ServerEvent = keyof ServerToClientEvents;

/**
 * One server push and what the console does with it. `handle` returns the highest sequence number
 * it carried (0 when none), so the connection store can resume from there after a reconnect.
 */
export interface ServerEventHandler<E extends ServerEvent = ServerEvent> {
  event: E;
  handle(...args: Parameters<ServerToClientEvents[E]>): number;
}

/** A handler of any one server event (a union, so a list can mix events and stay type-safe). */
export type AnyServerEventHandler = { [E in ServerEvent]: ServerEventHandler<E> }[ServerEvent];

import type { ServerToClientEvents } from '../../../../protocol/index.js';

/** The press wall's pushes (room `wall`, protocol/wall.ts). */
export type WallEvent = Extract<keyof ServerToClientEvents, `wall:${string}`>;

/** One wall push and what the wall does with it: merge its items into the wall store by id. */
export interface WallEventHandler<E extends WallEvent = WallEvent> {
  event: E;
  handle(...args: Parameters<ServerToClientEvents[E]>): void;
}

/** A handler of any one wall event (a union, so a list can mix events and stay type-safe). */
export type AnyWallEventHandler = { [E in WallEvent]: WallEventHandler<E> }[WallEvent];

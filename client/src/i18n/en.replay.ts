/** English texts of replay (the time cursor), spread into `en.ts`; the same keys as `vi.replay.ts`. */
export const enReplay = {
  replay: {
    open: 'Replay',
    from: 'From',
    start: 'Replay',
    ago: '{minutes} min ago',
    replaying: 'Replaying',
    loading: 'loading…',
    play: 'Play',
    pause: 'Pause',
    stepBack: 'Back 1 minute',
    stepForward: 'Forward 1 minute',
    speed: 'Replay speed',
    backToLive: 'Back to live',
    fromHere: 'Replay from here',
    paused: 'Replaying: live data is paused and commands are off.',
    error: {
      unavailable: 'The history could not be loaded. Please try again.',
      other: 'Replay failed. Please try again.',
    },
  },
};

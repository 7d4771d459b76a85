/** Vietnamese texts of replay (the time cursor), spread into `vi.ts`; `en.replay.ts` has the same keys. */
export const viReplay = {
  replay: {
    open: 'Xem lại',
    from: 'Từ thời điểm',
    start: 'Xem lại',
    ago: '{minutes} phút trước',
    replaying: 'Đang xem lại',
    loading: 'đang tải…',
    play: 'Phát',
    pause: 'Tạm dừng',
    stepBack: 'Lùi 1 phút',
    stepForward: 'Tiến 1 phút',
    speed: 'Tốc độ phát lại',
    backToLive: 'Về trực tiếp',
    fromHere: 'Xem lại từ lúc này',
    paused: 'Đang xem lại: số liệu trực tiếp tạm dừng, không thao tác được.',
    error: {
      unavailable: 'Không tải được dữ liệu lịch sử. Vui lòng thử lại.',
      other: 'Không xem lại được. Vui lòng thử lại.',
    },
  },
};

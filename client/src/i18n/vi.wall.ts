/**
 * Vietnamese texts of the press wall (`/wall`), spread into `vi.ts`; `en.wall.ts` must have the same
 * keys. Read from across a room: short sentences, numbers first.
 */
export const viWall = {
  wall: {
    title: 'Tình hình Hà Nội',
    subtitle: 'Trung tâm điều hành đa chức năng',
    status: {
      live: 'Trực tiếp',
      connecting: 'Đang kết nối…',
      syncing: 'Đang đồng bộ…',
      reconnecting: 'Đang kết nối lại…',
      offline: 'Mất kết nối',
    },
    updated: 'Cập nhật lúc {time}',
    waiting: 'Đang chờ số liệu…',
    publicNote: 'Số liệu công khai · không có thông tin cá nhân',
    /** The cycling panels, named in the band's footer. */
    panel: {
      incidents: 'Sự cố',
      crime: 'Tội phạm',
      backlog: 'Dịch vụ công',
      traffic: 'Giao thông',
    },
    panelOf: 'Mục {index}/{count}',
    incidents: {
      title: 'Sự cố đang xử lý',
      unit: 'sự cố chưa kết thúc',
      byCategory: 'Theo loại sự cố và mức độ',
      none: 'Hiện không có sự cố nào đang xử lý.',
      note: 'Tin báo trùng về cùng một sự việc chỉ tính một lần.',
    },
    crime: {
      title: 'Tội phạm trong 24 giờ qua',
      unit: 'vụ việc được trình báo',
      top: 'Các quận/huyện nhiều vụ việc nhất',
      note: 'Chỉ công bố tổng số theo quận/huyện, không công bố vị trí từng vụ.',
      none: 'Không có vụ việc nào được trình báo trong 24 giờ qua.',
      districts: 'tại {count} quận/huyện',
      legend: 'Số vụ việc theo quận/huyện, 24 giờ qua',
    },
    backlog: {
      title: 'Hồ sơ dịch vụ công',
      online: 'nộp trực tuyến',
      target: 'Mục tiêu {share}',
      overdue: 'hồ sơ quá hạn',
      received: '{count} hồ sơ tiếp nhận',
      belowTarget: '{count}/{total} quận/huyện chưa đạt mục tiêu',
      top: 'Quận/huyện nhiều hồ sơ quá hạn nhất',
      columnOnline: 'Trực tuyến',
      columnOverdue: 'Quá hạn',
      none: 'Chưa có số liệu hồ sơ.',
      legend: 'Tỷ lệ nộp hồ sơ trực tuyến, mục tiêu {share}',
      onTarget: 'Đạt mục tiêu',
      belowTargetShort: 'Chưa đạt',
    },
    traffic: {
      title: 'Tình hình giao thông',
      slowest: 'Các tuyến đường chậm nhất',
      average: 'tốc độ trung bình',
      speed: '{value} km/h',
      detectors: '{count} đầu đo',
      congested: 'đầu đo báo ùn tắc',
      none: 'Chưa có số liệu giao thông.',
    },
    legend: {
      traffic: 'Tốc độ giao thông',
      incidents: 'Mức độ sự cố',
    },
  },
};

/** Vietnamese, the console's default language. `en.ts` must have the same keys. */
export const vi = {
  app: {
    title: 'Trung tâm điều hành Hà Nội',
    subtitle: 'Giám sát giao thông thời gian thực',
    language: 'Ngôn ngữ',
  },
  connection: {
    connected: 'Đã kết nối',
    reconnecting: 'Đang kết nối lại…',
    connecting: 'Đang kết nối…',
    offline: 'Mất kết nối',
    syncing: 'đang đồng bộ',
    detectors: 'đầu đo',
    lastUpdate: 'Cập nhật',
    never: 'chưa có dữ liệu',
  },
  traffic: {
    legendTitle: 'Tốc độ trung bình',
    class: {
      jam: 'Ùn tắc · dưới 15 km/h',
      slow: 'Chậm · 15–30 km/h',
      moderate: 'Trung bình · 30–45 km/h',
      free: 'Thông thoáng · từ 45 km/h',
      unknown: 'Không có dữ liệu',
    },
    popup: {
      detector: 'Đầu đo',
      segment: 'Đoạn đường',
      speed: 'Tốc độ',
      flow: 'Lưu lượng',
      occupancy: 'Độ chiếm dụng',
      observedAt: 'Thời điểm đo',
      none: '—',
    },
    unit: {
      speed: '{value} km/h',
      flow: '{value} xe/giờ',
    },
  },
  map: {
    attribution: 'Sơ đồ quận mang tính minh hoạ · © OpenStreetMap contributors',
    loadFailed: 'Không tải được lớp bản đồ {layer}; đang thử lại…',
  },
};

export type MessageSchema = typeof vi;

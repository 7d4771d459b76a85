import { viAlerts } from './vi.alerts.js';
import { viAnalysis } from './vi.analysis.js';
import { viAudit } from './vi.audit.js';
import { viAuth } from './vi.auth.js';
import { viReplay } from './vi.replay.js';
import { viUsers } from './vi.users.js';
import { viConsole } from './vi.console.js';
import { viDispatch } from './vi.dispatch.js';
import { viEvents } from './vi.events.js';
import { viFigures } from './vi.figures.js';
import { viWall } from './vi.wall.js';
import { viField } from './vi.field.js';
import { viUnits } from './vi.units.js';

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
    segments: 'Đường tô màu theo tốc độ trung bình của các đầu đo trên đoạn; xám: không có dữ liệu',
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
  layers: {
    panelTitle: 'Lớp bản đồ',
    show: 'Hiện lớp {layer}',
    hide: 'Ẩn lớp {layer}',
    group: {
      devices: 'Giao thông và thiết bị',
      events: 'Sự cố, an ninh và hành chính',
    },
    name: {
      traffic: 'Giao thông',
      signals: 'Đèn tín hiệu',
      cameras: 'Camera',
      units: 'Lực lượng ứng cứu',
      network: 'Mạng WAN xã/phường',
      incidents: 'Sự cố',
      alarms: 'Cảnh báo',
      crime: 'Tội phạm',
      backlog: 'Hồ sơ hành chính',
    },
  },
  devices: {
    popup: {
      id: 'Mã thiết bị',
      status: 'Trạng thái',
      observedAt: 'Tin cuối lúc',
      silent: 'Quá hạn không nhận được tin: trạng thái có thể đã thay đổi',
      none: '—',
    },
    lastKnown: '{state} (lần cuối: {last})',
    seconds: '{value} giây',
  },
  signals: {
    class: {
      normal: 'Bình thường',
      flashing: 'Nhấp nháy vàng',
      manual: 'Điều khiển tay',
      fault: 'Có sự cố',
      off: 'Tắt',
      silent: 'Mất tín hiệu',
    },
    mode: {
      normal: 'Bình thường',
      flashing: 'Nhấp nháy vàng',
      manual: 'Điều khiển tay',
      off: 'Tắt',
    },
    fault: {
      lamp_failure: 'Hỏng bóng đèn',
      power: 'Mất điện',
      communication: 'Lỗi truyền thông',
      detector: 'Lỗi đầu dò',
      conflict: 'Xung đột pha',
      other: 'Lỗi khác',
    },
    popup: {
      kind: 'Đèn tín hiệu',
      mode: 'Chế độ',
      plan: 'Kế hoạch pha',
      cycle: 'Chu kỳ',
      faults: 'Sự cố',
      noFaults: 'Không có',
    },
  },
  cameras: {
    class: {
      online: 'Trực tuyến',
      offline: 'Ngoại tuyến',
      silent: 'Mất tín hiệu',
    },
    popup: {
      kind: 'Camera',
      count: 'Lượng xe',
      snapshot: 'Ảnh chụp',
      openSnapshot: 'Mở ảnh mới nhất',
    },
    count: '{value} xe',
    countPer: '{value} xe / {period} giây',
  },
  units: {
    kind: {
      police: 'Cảnh sát',
      fire: 'Cứu hỏa',
      ambulance: 'Cấp cứu',
    },
    /** The letter drawn on a unit's marker. */
    initial: {
      police: 'C',
      fire: 'H',
      ambulance: 'A',
    },
    class: {
      available: 'Sẵn sàng',
      dispatched: 'Đã điều động',
      en_route: 'Đang di chuyển',
      on_scene: 'Tại hiện trường',
      out_of_service: 'Ngừng hoạt động',
      silent: 'Mất tín hiệu GPS',
    },
    popup: {
      type: 'Lực lượng',
      callSign: 'Hô hiệu',
      speed: 'Tốc độ',
      heading: 'Hướng',
    },
    compass: {
      n: 'Bắc',
      ne: 'Đông Bắc',
      e: 'Đông',
      se: 'Đông Nam',
      s: 'Nam',
      sw: 'Tây Nam',
      w: 'Tây',
      nw: 'Tây Bắc',
    },
    speed: '{value} km/h',
    heading: '{value}° ({direction})',
  },
  network: {
    class: {
      up: 'Hoạt động',
      degraded: 'Suy giảm',
      down: 'Mất kết nối',
    },
    kind: {
      commune_node: 'Nút mạng WAN xã/phường',
      centre_device: 'Thiết bị trung tâm',
    },
    popup: {
      commune: 'Mã xã/phường',
      latency: 'Độ trễ',
      uptime: 'Thời gian hoạt động',
      interval: 'Chu kỳ nhịp',
    },
    latency: '{value} ms',
    uptimeDays: '{days} ngày {hours} giờ',
    uptimeHours: '{hours} giờ {minutes} phút',
  },
  ...viEvents,
  ...viFigures,
  ...viAlerts,
  ...viAnalysis,
  ...viAudit,
  ...viAuth,
  ...viReplay,
  ...viUsers,
  ...viConsole,
  ...viDispatch,
  ...viWall,
  ...viField,
  ...viUnits,
  map: {
    attribution: 'Sơ đồ quận mang tính minh hoạ · © OpenStreetMap contributors',
    loadFailed: 'Không tải được lớp bản đồ {layer}; đang thử lại…',
  },
};

export type MessageSchema = typeof vi;

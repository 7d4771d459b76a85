/**
 * Vietnamese texts of the console's tools (filters, place search, data freshness), spread into
 * `vi.ts`; `en.console.ts` must have the same keys.
 */
export const viConsole = {
  filters: {
    title: 'Bộ lọc',
    label: 'Lọc bản đồ',
    district: 'Quận/huyện',
    window: 'Thời gian',
    windows: {
      '1h': '1 giờ',
      '6h': '6 giờ',
      '24h': '24 giờ',
      all: 'Tất cả',
    },
    windowTitle: 'Sự cố, tội phạm và cảnh báo trong {window} qua',
    incidentCategories: 'Loại sự cố',
    crimeCategories: 'Loại tội phạm',
    all: 'Tất cả',
    selected: '{count} mục',
    districtType: {
      quan: 'Quận',
      thi_xa: 'Thị xã',
      huyen: 'Huyện',
    },
    findDistrict: 'Tìm quận/huyện…',
    selectAll: 'Chọn tất cả',
    selectNone: 'Bỏ chọn',
    close: 'Đóng',
    reset: 'Bỏ lọc',
    active: 'Đang lọc',
    showing: '{shown}/{total} {layer}',
    hint: 'Lọc theo quận áp dụng cho mọi lớp; thời gian cho sự cố, tội phạm, cảnh báo.',
  },
  search: {
    label: 'Tìm địa danh',
    placeholder: 'Tìm quận, phường, đường… (/)',
    results: 'Kết quả tìm kiếm',
    none: 'Không tìm thấy địa danh nào',
    hint: '↑ ↓ để chọn · Enter để đến · Esc để đóng',
    clear: 'Xóa tìm kiếm',
    type: {
      quan: 'Quận',
      huyen: 'Huyện',
      thi_xa: 'Thị xã',
      phuong: 'Phường',
      xa: 'Xã',
      thi_tran: 'Thị trấn',
      road: 'Đường',
    },
  },
  freshness: {
    stale: 'dữ liệu cũ ({age})',
    staleTitle: 'Không nhận được dữ liệu mới quá {limit}',
    updatedAt: 'Cập nhật {time}',
    nothingSince: 'Chưa có tin mới từ {time}',
    age: {
      seconds: '{value} giây',
      minutes: '{value} phút',
      hours: '{value} giờ',
      hoursMinutes: '{hours} giờ {minutes} phút',
    },
  },
};

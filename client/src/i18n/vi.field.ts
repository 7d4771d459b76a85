/** Vietnamese texts of the field view (`/field`, officials' tablets), spread into `vi.ts`; `en.field.ts` must have the same keys. */
export const viField = {
  field: {
    title: 'Bản đồ hiện trường',
    subtitle: 'Trung tâm điều hành Hà Nội',
    map: 'Bản đồ trực tiếp',
    loading: 'Đang tải bản đồ…',
    zoomIn: 'Phóng to',
    zoomOut: 'Thu nhỏ',
    layers: 'Lớp hiển thị',
    layer: {
      incidents: 'Sự cố',
      units: 'Lực lượng',
      traffic: 'Giao thông',
      alarms: 'Cảnh báo',
    },
    legend: 'Chú giải',
    closeLegend: 'Đóng chú giải',
    legendGroup: {
      traffic: 'Đầu đo theo tốc độ',
      incidents: 'Sự cố theo mức độ',
      units: 'Lực lượng theo trạng thái',
      alarms: 'Cảnh báo theo loại',
    },
    incidents: {
      title: 'Sự cố đang mở',
      open: 'Mở danh sách sự cố',
      collapse: 'Thu gọn danh sách',
      empty: 'Không có sự cố nào đang mở.',
      back: 'Danh sách',
      recentre: 'Về vị trí sự cố',
      noPosition: 'Chưa có vị trí trên bản đồ',
      duplicates: '+{count} tin trùng',
      gone: 'Sự cố này đã được đóng.',
    },
  },
};

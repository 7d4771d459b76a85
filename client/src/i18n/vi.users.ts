/** Vietnamese texts of the accounts page, spread into `vi.ts`; `en.users.ts` has the same keys. */
export const viUsers = {
  users: {
    link: 'Tài khoản',
    title: 'Tài khoản cán bộ',
    intro:
      'Mật khẩu đặt ở đây là mật khẩu dùng một lần: người dùng phải đổi khi đăng nhập. Khóa hoặc hạ vai trò một tài khoản sẽ kết thúc ngay các phiên đang mở của người đó.',
    active: '{count} tài khoản đang hoạt động',
    add: 'Thêm tài khoản',
    username: 'Tên đăng nhập',
    displayName: 'Tên hiển thị',
    role: 'Vai trò',
    oneTimePassword: 'Mật khẩu dùng một lần',
    create: 'Tạo tài khoản',
    state: 'Tình trạng',
    enabled: 'Đang hoạt động',
    disabled: 'Đã khóa',
    mustChange: 'chờ đổi mật khẩu',
    updatedAt: 'Cập nhật',
    enable: 'Mở khóa',
    disable: 'Khóa',
    reset: 'Đặt mật khẩu mới',
    save: 'Lưu',
    cancel: 'Hủy',
    tooShort: 'Mật khẩu cần ít nhất {min} ký tự.',
    error: {
      conflict: 'Tên đăng nhập này đã có người dùng.',
      validation_failed:
        'Thông tin chưa hợp lệ (tên đăng nhập: chữ thường, số, dấu chấm, gạch; không tự khóa hoặc hạ vai trò của mình).',
      forbidden: 'Vai trò của bạn không được quản lý tài khoản.',
      not_found: 'Tài khoản này không còn tồn tại.',
      offline: 'Không kết nối được tới máy chủ. Vui lòng thử lại.',
      other: 'Không thực hiện được. Vui lòng thử lại.',
    },
  },
};

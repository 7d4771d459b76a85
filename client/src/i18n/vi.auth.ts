/** Vietnamese texts of signing in and out, spread into `vi.ts`; `en.auth.ts` must have the same keys. */
export const viAuth = {
  auth: {
    title: 'Đăng nhập',
    intro: 'Chỉ dành cho cán bộ được cấp tài khoản. Mọi thao tác đều được ghi lại.',
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    submit: 'Đăng nhập',
    signingIn: 'Đang đăng nhập…',
    signOut: 'Đăng xuất',
    expired: 'Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.',
    role: {
      viewer: 'Người xem',
      operator: 'Trực ban',
      dispatcher: 'Điều phối viên',
      supervisor: 'Trưởng ca',
      admin: 'Quản trị',
      press: 'Báo chí',
    },
    change: {
      title: 'Đổi mật khẩu',
      intro: 'Đây là mật khẩu dùng một lần. Hãy chọn mật khẩu mới trước khi tiếp tục.',
      current: 'Mật khẩu hiện tại',
      next: 'Mật khẩu mới (ít nhất 10 ký tự)',
      repeat: 'Nhập lại mật khẩu mới',
      submit: 'Đổi mật khẩu',
      mismatch: 'Hai mật khẩu mới không khớp.',
      tooShort: 'Mật khẩu mới cần ít nhất 10 ký tự.',
    },
    error: {
      invalid_credentials: 'Sai tên đăng nhập hoặc mật khẩu.',
      too_many_attempts: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {seconds} giây.',
      validation_failed: 'Thông tin chưa hợp lệ.',
      unavailable: 'Máy chủ tạm thời không phản hồi. Vui lòng thử lại.',
      other: 'Không thực hiện được. Vui lòng thử lại.',
    },
  },
};

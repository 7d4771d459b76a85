/** Vietnamese texts of a unit's status order in its map popup, spread into `vi.ts`; `en.units.ts` has the same keys. */
export const viUnits = {
  unitStatus: {
    takeOut: 'Cho ngừng hoạt động',
    putBack: 'Đưa trở lại hoạt động',
    sending: 'Đang gửi lệnh…',
    sent: 'Đã gửi lệnh, chờ đơn vị báo lại',
  },
};

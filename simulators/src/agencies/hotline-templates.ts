/**
 * What callers to Hanoi's 113, 114 and 115 hotlines report: category, sub-category, a severity mix
 * and a Vietnamese description template per kind of call. Weights are relative within a hotline.
 */
import type { IncidentReport } from '../../../protocol/index.js';
import type { Rng } from '../random.js';

export type Hotline = '113' | '114' | '115';
/** Weights of informational, low, medium, high, critical. */
export type SeverityMix = readonly [number, number, number, number, number];

export interface CallTemplate {
  category: IncidentReport['category'];
  subCategory: string;
  weight: number;
  /** Traffic calls follow the roads: more in rush hours, fewer at night. */
  traffic?: boolean;
  /** Calls that come mostly in the evening and at night (brawls, noise). */
  evening?: boolean;
  severity: SeverityMix;
  text(place: string, rng: Rng): string;
}

const one = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const between = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const VEHICLES = ['xe máy', 'ô tô con', 'xe tải', 'xe buýt', 'xe taxi', 'xe đạp điện', 'xe khách'];
const injured = (n: number): string => (n === 0 ? 'không có người bị thương' : `${n} người bị thương`);
const person = (rng: Rng): string => one(rng, ['Người đàn ông', 'Người phụ nữ']);

export const HOTLINE_TEMPLATES: Record<Hotline, readonly CallTemplate[]> = {
  '113': [
    {
      category: 'traffic',
      subCategory: 'carAccident',
      weight: 22,
      traffic: true,
      severity: [0, 10, 45, 35, 10],
      text: (place, rng) =>
        `Va chạm giữa ${one(rng, VEHICLES)} và ${one(rng, VEHICLES)} tại ${place}, ${injured(between(rng, 0, 3))}.`,
    },
    {
      category: 'traffic',
      subCategory: 'trafficJam',
      weight: 10,
      traffic: true,
      severity: [20, 55, 25, 0, 0],
      text: (place) => `Ùn tắc kéo dài tại ${place}, phương tiện gần như không di chuyển được.`,
    },
    {
      category: 'traffic',
      subCategory: 'brokenDownVehicle',
      weight: 5,
      traffic: true,
      severity: [25, 60, 15, 0, 0],
      text: (place, rng) =>
        `${one(rng, ['Xe tải', 'Xe buýt', 'Ô tô con'])} chết máy giữa đường tại ${place}, gây cản trở giao thông.`,
    },
    {
      category: 'security',
      subCategory: 'fight',
      weight: 16,
      evening: true,
      severity: [0, 15, 50, 30, 5],
      text: (place) => `Ẩu đả giữa một nhóm thanh niên tại ${place}, có người bị thương nhẹ.`,
    },
    {
      category: 'security',
      subCategory: 'snatchTheft',
      weight: 14,
      severity: [0, 25, 55, 20, 0],
      text: (place) => `Người dân báo bị giật túi xách tại ${place}, đối tượng đi xe máy bỏ chạy.`,
    },
    {
      category: 'security',
      subCategory: 'publicDisorder',
      weight: 14,
      evening: true,
      severity: [15, 60, 25, 0, 0],
      text: (place) => `Nhóm người tụ tập gây mất trật tự, mở nhạc quá to tại ${place}.`,
    },
    {
      category: 'security',
      subCategory: 'suspiciousPerson',
      weight: 10,
      severity: [20, 60, 20, 0, 0],
      text: (place) => `Phát hiện đối tượng khả nghi lảng vảng quanh khu dân cư tại ${place}.`,
    },
    {
      category: 'security',
      subCategory: 'domesticViolence',
      weight: 9,
      evening: true,
      severity: [0, 10, 45, 40, 5],
      text: (place) => `Tố giác bạo lực gia đình tại ${place}, cần lực lượng đến can thiệp ngay.`,
    },
  ],
  '114': [
    {
      category: 'fire',
      subCategory: 'houseFire',
      weight: 22,
      severity: [0, 0, 25, 50, 25],
      text: (place, rng) =>
        `Cháy nhà dân tại ${place}, khói bốc cao, ${one(rng, ['chưa rõ có người mắc kẹt', 'có người mắc kẹt bên trong', 'người trong nhà đã thoát ra ngoài'])}.`,
    },
    {
      category: 'fire',
      subCategory: 'shopFire',
      weight: 14,
      severity: [0, 5, 40, 40, 15],
      text: (place, rng) =>
        `Cháy cửa hàng ${one(rng, ['tạp hóa', 'điện máy', 'quần áo', 'sửa xe máy', 'đồ gỗ'])} tại ${place}.`,
    },
    {
      category: 'fire',
      subCategory: 'electricalFire',
      weight: 14,
      severity: [0, 20, 55, 25, 0],
      text: (place) => `Chập điện gây cháy dây cáp trên cột điện tại ${place}.`,
    },
    {
      category: 'fire',
      subCategory: 'vehicleFire',
      weight: 8,
      traffic: true,
      severity: [0, 10, 50, 35, 5],
      text: (place, rng) => `${one(rng, ['Ô tô con', 'Xe máy', 'Xe tải'])} bốc cháy khi đang lưu thông tại ${place}.`,
    },
    {
      category: 'fire',
      subCategory: 'wasteFire',
      weight: 8,
      severity: [5, 45, 45, 5, 0],
      text: (place) => `Cháy bãi rác, khói lan sang khu dân cư tại ${place}.`,
    },
    {
      category: 'naturalDisaster',
      subCategory: 'flooding',
      weight: 6,
      severity: [5, 25, 45, 20, 5],
      text: (place) => `Ngập sâu sau mưa lớn tại ${place}, nước tràn vào nhà dân.`,
    },
    {
      category: 'naturalDisaster',
      subCategory: 'fallenTree',
      weight: 6,
      severity: [0, 30, 50, 20, 0],
      text: (place) => `Cây đổ chắn ngang đường sau giông lốc tại ${place}.`,
    },
    {
      category: 'infrastructure',
      subCategory: 'gasLeak',
      weight: 7,
      severity: [0, 5, 40, 45, 10],
      text: (place) => `Rò rỉ khí gas tại một nhà hàng ở ${place}, có mùi gas nồng nặc.`,
    },
    {
      category: 'infrastructure',
      subCategory: 'elevatorRescue',
      weight: 9,
      severity: [0, 10, 60, 30, 0],
      text: (place) => `Thang máy chung cư bị kẹt tại ${place}, có người mắc kẹt bên trong.`,
    },
    {
      category: 'infrastructure',
      subCategory: 'structureCollapse',
      weight: 4,
      severity: [0, 0, 30, 45, 25],
      text: (place) => `Sập tường công trình đang thi công tại ${place}.`,
    },
  ],
  '115': [
    {
      category: 'health',
      subCategory: 'cardiac',
      weight: 18,
      severity: [0, 0, 20, 50, 30],
      text: (place, rng) => `${person(rng)} ${between(rng, 45, 85)} tuổi đau ngực, khó thở tại nhà ở ${place}.`,
    },
    {
      category: 'health',
      subCategory: 'stroke',
      weight: 12,
      severity: [0, 0, 10, 50, 40],
      text: (place, rng) =>
        `Nghi đột quỵ: bệnh nhân ${between(rng, 50, 90)} tuổi yếu nửa người, nói khó, tại ${place}.`,
    },
    {
      category: 'health',
      subCategory: 'fall',
      weight: 14,
      severity: [0, 20, 55, 25, 0],
      text: (place) => `Người cao tuổi bị ngã tại nhà ở ${place}, nghi gãy xương.`,
    },
    {
      category: 'health',
      subCategory: 'poisoning',
      weight: 6,
      severity: [0, 10, 45, 40, 5],
      text: (place, rng) => `${between(rng, 2, 12)} người có biểu hiện ngộ độc thực phẩm sau bữa ăn tại ${place}.`,
    },
    {
      category: 'health',
      subCategory: 'childbirth',
      weight: 7,
      severity: [0, 5, 55, 35, 5],
      text: (place) => `Sản phụ chuyển dạ, cần xe cấp cứu đến ${place}.`,
    },
    {
      category: 'health',
      subCategory: 'pediatric',
      weight: 9,
      severity: [0, 10, 50, 35, 5],
      text: (place, rng) => `Trẻ ${between(rng, 1, 6)} tuổi sốt cao, co giật tại ${place}.`,
    },
    {
      category: 'traffic',
      subCategory: 'injury',
      weight: 20,
      traffic: true,
      severity: [0, 5, 40, 40, 15],
      text: (place, rng) => `Tai nạn giao thông tại ${place}, ${between(rng, 1, 3)} người bị thương cần cấp cứu.`,
    },
  ],
};

/**
 * Plausible Vietnamese names and mobile numbers for simulated callers, victims and witnesses.
 * Invented, but personal-data shaped: the server must treat them as it would real ones.
 */
import type { Rng } from '../random.js';
import { weightedPick } from './process.js';

/** Family names with rough shares of the population (Nguyễn is about 38%). */
const FAMILY: ReadonlyArray<readonly [string, number]> = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 5],
  ['Phan', 4.5],
  ['Vũ', 3.9],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 1],
  ['Trịnh', 1],
  ['Lương', 0.6],
];
const MIDDLE_MALE = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Xuân', 'Thành', 'Công', 'Tiến', 'Anh'];
const MIDDLE_FEMALE = ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Phương', 'Thùy', 'Hồng', 'Mai', 'Kim'];
const GIVEN_MALE = [
  'Anh',
  'Hùng',
  'Dũng',
  'Tuấn',
  'Hải',
  'Nam',
  'Long',
  'Sơn',
  'Quân',
  'Thắng',
  'Hiếu',
  'Phong',
  'Trung',
  'Khánh',
  'Đạt',
  'Huy',
  'Cường',
  'Bình',
];
const GIVEN_FEMALE = [
  'Hương',
  'Lan',
  'Linh',
  'Trang',
  'Hà',
  'Mai',
  'Thảo',
  'Ngọc',
  'Hằng',
  'Huyền',
  'Nhung',
  'Phương',
  'Yến',
  'Giang',
  'Dung',
  'Thủy',
  'Nga',
  'Oanh',
];
/** Mobile prefixes of the big three networks (Viettel, VinaPhone, MobiFone). */
const MOBILE_PREFIXES = [
  '090',
  '091',
  '093',
  '094',
  '096',
  '097',
  '098',
  '086',
  '088',
  '032',
  '035',
  '038',
  '039',
  '070',
  '077',
  '083',
  '085',
];

const pickOne = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

/** "Nguyễn Thị Thu Hương" style: family, middle, given (NFC). */
export function vietnameseName(rng: Rng): string {
  const [family] = weightedPick(rng, FAMILY, ([, share]) => share);
  const female = rng() < 0.5;
  const middle = pickOne(rng, female ? MIDDLE_FEMALE : MIDDLE_MALE);
  const given = pickOne(rng, female ? GIVEN_FEMALE : GIVEN_MALE);
  return `${family} ${middle} ${given}`.normalize('NFC');
}

/** "0912 345 678": a 10-digit mobile number, grouped as people write it. */
export function vietnamesePhone(rng: Rng): string {
  const prefix = pickOne(rng, MOBILE_PREFIXES);
  const digits = Array.from({ length: 7 }, () => Math.floor(rng() * 10)).join('');
  const all = `${prefix}${digits}`;
  return `${all.slice(0, 4)} ${all.slice(4, 7)} ${all.slice(7)}`;
}

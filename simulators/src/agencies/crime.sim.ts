/**
 * Crime reports from Hanoi's police (Công an thành phố Hà Nội), as a pure, deterministic model: the
 * same seed and window always give the same reports, however the time is cut into windows.
 *
 * One Poisson process city-wide, the sum of one daily profile per category (theft, burglary and
 * vandalism peak in the small hours, assault and public-order offences in the evening, fraud in
 * office hours), each scaled to the category's share of the mean rate. Places as for the hotlines:
 * a district by population, a commune, its anchor jittered by up to about 300 m. Most reports are
 * restricted and just reported; references are `CAHN-<year>-<day of year><number that day>`.
 */
import type { CrimeReport } from '../../../protocol/index.js';
import { hashString, type Rng } from '../random.js';
import { bump, hanoiIso, localHour, localTime, normalizeProfile } from './clock.js';
import { vietnameseName, vietnamesePhone } from './people.js';
import { randomPlace } from './places.js';
import { eventsIn, MAX_RATE_PER_HOUR, weightedPick } from './process.js';

export interface CrimeOptions {
  seed: number;
  /** The simulated window, `from` included, `to` excluded. */
  from: Date;
  to: Date;
  /** Reports per hour city-wide at the daily mean. Default 6. */
  crimesPerHour?: number;
}

export const DEFAULT_CRIMES_PER_HOUR = 6;

type Category = CrimeReport['category'];
type Privacy = CrimeReport['privacy'];
type Status = CrimeReport['status'];

interface CrimeKind {
  category: Category;
  /** Share of the reports, relative. */
  weight: number;
  profile: (hour: number) => number;
  /** Weights of public, restricted, confidential. */
  privacy: readonly [number, number, number];
  /** Whether someone was harmed who would be named as a victim. */
  victim: boolean;
  text(place: string, rng: Rng): string;
}

const one = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const USUAL: readonly [number, number, number] = [25, 70, 5];

const KINDS: readonly CrimeKind[] = [
  {
    category: 'theft',
    weight: 34,
    profile: normalizeProfile((h) => 0.6 + 1.4 * bump(h, 1, 3)),
    privacy: USUAL,
    victim: true,
    text: (place, rng) =>
      one(rng, [
        `Mất trộm xe máy ${one(rng, ['Honda Wave', 'Honda Vision', 'Yamaha Sirius', 'Honda SH'])} đỗ trước cửa nhà tại ${place}.`,
        `Bị trộm điện thoại di động tại quán cà phê ở ${place}.`,
        `Mất trộm tài sản để trên xe ô tô đỗ ven đường tại ${place}.`,
      ]),
  },
  {
    category: 'burglary',
    weight: 10,
    profile: normalizeProfile((h) => 0.3 + 2 * bump(h, 2.5, 2)),
    privacy: USUAL,
    victim: true,
    text: (place) => `Đột nhập nhà dân lấy trộm tài sản khi gia chủ vắng nhà tại ${place}.`,
  },
  {
    category: 'robbery',
    weight: 6,
    profile: normalizeProfile((h) => 0.4 + 1.5 * bump(h, 22, 3)),
    privacy: [15, 75, 10],
    victim: true,
    text: (place) => `Cướp giật điện thoại của người đi đường tại ${place}.`,
  },
  {
    category: 'assault',
    weight: 10,
    profile: normalizeProfile((h) => 0.4 + 1.5 * bump(h, 21, 3)),
    privacy: [15, 75, 10],
    victim: true,
    text: (place) => `Cố ý gây thương tích sau mâu thuẫn tại ${place}.`,
  },
  {
    category: 'fraud',
    weight: 14,
    profile: normalizeProfile((h) => 0.15 + bump(h, 13, 3.5)),
    privacy: [20, 72, 8],
    victim: true,
    text: (place, rng) =>
      `Lừa đảo chiếm đoạt tài sản qua mạng, bị hại cư trú tại ${place} đã chuyển khoản ${5 + Math.floor(rng() * 300)} triệu đồng.`,
  },
  {
    category: 'drugs',
    weight: 8,
    profile: normalizeProfile((h) => 0.5 + bump(h, 23, 3)),
    privacy: [10, 70, 20],
    victim: false,
    text: (place) => `Phát hiện nhóm người tàng trữ, sử dụng trái phép chất ma túy tại ${place}.`,
  },
  {
    category: 'vandalism',
    weight: 5,
    profile: normalizeProfile((h) => 0.3 + 1.5 * bump(h, 1, 3)),
    privacy: USUAL,
    victim: true,
    text: (place) => `Đập phá kính ô tô đỗ bên đường tại ${place}.`,
  },
  {
    category: 'public_order',
    weight: 9,
    profile: normalizeProfile((h) => 0.4 + 1.5 * bump(h, 21, 3)),
    privacy: [35, 62, 3],
    victim: false,
    text: (place) => `Gây rối trật tự công cộng, đánh nhau tại quán nhậu ở ${place}.`,
  },
  {
    category: 'other',
    weight: 4,
    profile: () => 1,
    privacy: USUAL,
    victim: false,
    text: (place) => `Tố giác hành vi vi phạm pháp luật tại ${place}, đang xác minh.`,
  },
];
const TOTAL_WEIGHT = KINDS.reduce((sum, k) => sum + k.weight, 0);
const PRIVACY: readonly Privacy[] = ['public', 'restricted', 'confidential'];
const STATUSES: ReadonlyArray<readonly [Status, number]> = [
  ['reported', 85],
  ['investigating', 10],
  ['solved', 4],
  ['closed', 1],
];

const rateAt = (ms: number, crimesPerHour: number): number => {
  const hour = localHour(ms);
  return (crimesPerHour * KINDS.reduce((sum, k) => sum + k.weight * k.profile(hour), 0)) / TOTAL_WEIGHT;
};

/** Expected reports per hour city-wide at an instant. */
export const crimeRateAt = (at: Date, crimesPerHour = DEFAULT_CRIMES_PER_HOUR): number =>
  rateAt(at.getTime(), crimesPerHour);

function persons(rng: Rng, kind: CrimeKind): NonNullable<CrimeReport['persons']> {
  const out: NonNullable<CrimeReport['persons']> = [];
  if (kind.victim) out.push({ role: 'victim', name: vietnameseName(rng), phone: vietnamesePhone(rng) });
  else if (rng() < 0.5) out.push({ role: 'reporter', phone: vietnamesePhone(rng) });
  if (rng() < 0.2) out.push({ role: 'witness', name: vietnameseName(rng), phone: vietnamesePhone(rng) });
  return out;
}

/** The window's crime reports in time order; each is valid under crimeReportSchema. */
export function crimeReports(opts: CrimeOptions): CrimeReport[] {
  const rate = opts.crimesPerHour ?? DEFAULT_CRIMES_PER_HOUR;
  if (!Number.isInteger(opts.seed)) throw new RangeError(`seed must be an integer, got ${opts.seed}`);
  if (!(rate >= 0 && rate <= MAX_RATE_PER_HOUR))
    throw new RangeError(`crimesPerHour must be within 0..${MAX_RATE_PER_HOUR}, got ${rate}`);
  const spec = {
    seed: opts.seed,
    stream: hashString('crime'),
    ratePerHour: (ms: number) => rateAt(ms, rate),
  };
  return eventsIn(spec, opts.from.getTime(), opts.to.getTime()).map(({ atMs, seq, rng }) => {
    const hour = localHour(atMs);
    const kind = weightedPick(rng, KINDS, (k) => k.weight * k.profile(hour));
    const place = randomPlace(rng);
    const privacy = weightedPick(rng, PRIVACY, (p) => kind.privacy[PRIVACY.indexOf(p)] ?? 0);
    const [status] = weightedPick(rng, STATUSES, ([, w]) => w);
    const { year, dayOfYear } = localTime(atMs);
    return {
      externalId: `CAHN-${year}-${String(dayOfYear).padStart(3, '0')}${String(seq).padStart(3, '0')}`,
      dateObserved: hanoiIso(atMs),
      category: kind.category,
      status,
      privacy,
      location: { type: 'Point', coordinates: place.point },
      address: place.address,
      description: kind.text(place.phrase, rng).normalize('NFC'),
      persons: persons(rng, kind),
    };
  });
}

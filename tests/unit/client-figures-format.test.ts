import { describe, expect, it } from 'vitest';
import {
  NONE,
  figureCards,
  formatCount,
  formatDuration,
  formatShare,
  type FigureCardView,
  type FigureId,
  type FiguresFormat,
} from '../../client/src/features/figures/figures-format.js';
import { createConsoleI18n, type Locale } from '../../client/src/i18n/index.js';
import type { Figures } from '../../protocol/index.js';

/** The console's own i18n (messages and number formats), as the strip uses it. */
function format(locale: Locale): FiguresFormat {
  const i18n = createConsoleI18n();
  i18n.global.locale.value = locale;
  return { t: (k, v) => i18n.global.t(k, v ?? {}), n: (v, f) => i18n.global.n(v, f) };
}
const vi = format('vi-VN');
const en = format('en-GB');

const figures: Figures = {
  openIncidents: { total: 1234, bySeverity: { informational: 4, low: 30, medium: 200, high: 1000, critical: 0 } },
  timeToAcknowledge: { medianSeconds: 150, acknowledged: 12 },
  congestion: { index: 0.0825, slowSegments: 33, segments: 400 },
  onlineSubmission: { share: 0.685, target: 0.7, submittedOnline: 1370, received: 2000 },
  overdueDossiers: { total: 2170 },
  devicesOffline: {
    total: 12,
    byFeed: {
      signals: { offline: 0, devices: 60 },
      cameras: { offline: 3, devices: 40 },
      units: { offline: 0, devices: 60 },
      network: { offline: 9, devices: 604 },
    },
  },
};

const card = (cards: FigureCardView[], id: FigureId) => cards.find((c) => c.id === id)!;

describe('formatting the figures at a glance', () => {
  it('writes counts and shares the Vietnamese way, and the English way after the switch', () => {
    expect(formatCount(1234, vi)).toBe('1.234');
    expect(formatShare(0.685, vi)).toBe('68,5%');
    expect(formatShare(0.7, vi)).toBe('70%');
    expect(formatCount(1234, en)).toBe('1,234');
    expect(formatShare(0.685, en)).toBe('68.5%');
  });

  it('writes a time to acknowledge in minutes and seconds, whole seconds only', () => {
    expect(formatDuration(150, vi)).toBe('2 phút 30 giây');
    expect(formatDuration(149.6, vi)).toBe('2 phút 30 giây');
    expect(formatDuration(45, vi)).toBe('45 giây');
    expect(formatDuration(0.4, vi)).toBe('0 giây');
    expect(formatDuration(120, vi)).toBe('2 phút');
    expect(formatDuration(3900, vi)).toBe('1 giờ 5 phút');
    expect(formatDuration(7200, vi)).toBe('2 giờ');
    expect(formatDuration(150, en)).toBe('2 min 30 s');
    expect(formatDuration(3900, en)).toBe('1 h 5 min');
  });

  it('shows "—", never 0, for a figure that has no value', () => {
    expect(formatDuration(null, vi)).toBe(NONE);
    expect(formatShare(null, vi)).toBe(NONE);
    expect(formatCount(null, vi)).toBe(NONE);

    const empty: Figures = {
      ...figures,
      timeToAcknowledge: { medianSeconds: null, acknowledged: 0 },
      congestion: { index: null, slowSegments: 0, segments: 0 },
      onlineSubmission: { share: null, target: 0.7, submittedOnline: 0, received: 0 },
      devicesOffline: {
        total: 0,
        byFeed: {
          signals: { offline: 0, devices: 0 },
          cameras: { offline: 0, devices: 0 },
          units: { offline: 0, devices: 0 },
          network: { offline: 0, devices: 0 },
        },
      },
    };
    const cards = figureCards(empty, vi);
    expect(card(cards, 'timeToAcknowledge')).toMatchObject({ value: NONE, raw: null });
    expect(card(cards, 'timeToAcknowledge').detail).toBe('Chưa xác nhận sự cố nào trong 1 giờ qua');
    expect(card(cards, 'congestion')).toMatchObject({ value: NONE, raw: null, detail: 'Chưa có số liệu đầu đo' });
    expect(card(cards, 'onlineSubmission')).toMatchObject({ value: NONE, raw: null, target: undefined });
    // No device known: "0 offline" would claim a health nobody reported.
    expect(card(cards, 'devicesOffline')).toMatchObject({ value: NONE, raw: null, chips: [] });
    // Counts that are really zero stay 0.
    expect(card(cards, 'openIncidents').value).toBe('1.234');

    // Before the first figures arrive, every card shows "—".
    expect(figureCards(null, vi).map((c) => c.value)).toEqual(Array(6).fill(NONE));
  });

  it('builds the six cards in Vietnamese: values, breakdowns and the online target', () => {
    const cards = figureCards(figures, vi);
    expect(cards.map((c) => c.title)).toEqual([
      'Sự cố đang mở',
      'Thời gian xác nhận',
      'Chỉ số ùn tắc',
      'Hồ sơ nộp trực tuyến',
      'Hồ sơ quá hạn',
      'Thiết bị mất kết nối',
    ]);
    expect(cards.map((c) => c.value)).toEqual(['1.234', '2 phút 30 giây', '8,3%', '68,5%', '2.170', '12']);

    const incidents = card(cards, 'openIncidents');
    expect(incidents.chips.map((c) => [c.key, c.text, c.zero])).toEqual([
      ['critical', '0', true],
      ['high', '1.000', false],
      ['medium', '200', false],
      ['low', '30', false],
      ['informational', '4', false],
    ]);
    expect(incidents.chips[1]!.title).toBe('Cao: 1.000');

    expect(card(cards, 'timeToAcknowledge').detail).toBe('Trung vị 1 giờ qua · 12 sự cố đã xác nhận');
    expect(incidents.sub).toBe('0 nghiêm trọng · 1.000 cao');
    expect(card(cards, 'congestion').detail).toBe('33/400 đoạn đường dưới 15 km/h');
    expect(card(cards, 'onlineSubmission')).toMatchObject({
      detail: '1.370/2.000 hồ sơ hôm nay',
      target: { met: false, text: 'Dưới mục tiêu 70%' },
    });
    const devices = card(cards, 'devicesOffline');
    expect(devices.sub).toBe('/ 764 thiết bị');
    expect(devices.chips.map((c) => c.text)).toEqual(['Đèn 0', 'Camera 3', 'Lực lượng 0', 'WAN 9']);
    expect(devices.chips[1]!.title).toBe('Camera: 3/40');
  });

  it('says when the online share meets the target, and speaks English after the switch', () => {
    const met = { ...figures, onlineSubmission: { ...figures.onlineSubmission, share: 0.7 } };
    expect(card(figureCards(met, vi), 'onlineSubmission').target).toEqual({ met: true, text: 'Đạt mục tiêu 70%' });

    const cards = figureCards(figures, en);
    expect(cards.map((c) => c.title)).toEqual([
      'Open incidents',
      'Time to acknowledge',
      'Congestion index',
      'Dossiers submitted online',
      'Overdue dossiers',
      'Devices offline',
    ]);
    expect(cards.map((c) => c.value)).toEqual(['1,234', '2 min 30 s', '8.3%', '68.5%', '2,170', '12']);
    expect(card(cards, 'onlineSubmission').target).toEqual({ met: false, text: 'Below the 70% target' });
  });
});

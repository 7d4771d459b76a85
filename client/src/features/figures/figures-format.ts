import { DEVICE_FEEDS, type DeviceFeed, type Figures } from '../../../../protocol/index.js';
import { INCIDENT_SEVERITIES, SEVERITY_COLOURS, type IncidentSeverity } from '../incidents/incident-classes.js';

/** What stands for a figure that has no value yet (no data, nothing to divide by): never a 0. */
export const NONE = '—';

/** The six figures, in the order the strip shows them. */
export const FIGURE_IDS = [
  'openIncidents',
  'timeToAcknowledge',
  'congestion',
  'onlineSubmission',
  'overdueDossiers',
  'devicesOffline',
] as const satisfies readonly (keyof Figures)[];
export type FigureId = (typeof FIGURE_IDS)[number];

type NumberFormatKey = 'integer' | 'percent';

/** The current locale's formatters (vue-i18n's t and n; named number formats from i18n/formats.ts). */
export interface FiguresFormat {
  t(key: string, values?: Record<string, unknown>): string;
  n(value: number, format: NumberFormatKey | ({ key: NumberFormatKey } & Intl.NumberFormatOptions)): string;
}

/** A whole number in the locale's digits ("1.234" in Vietnamese), or "—". */
export const formatCount = (value: number | null, f: FiguresFormat): string =>
  value === null ? NONE : f.n(value, 'integer');

/** A share in [0, 1] as a percentage with at most one decimal ("68,5%" in Vietnamese), or "—". */
export const formatShare = (value: number | null, f: FiguresFormat): string =>
  value === null ? NONE : f.n(value, { key: 'percent', maximumFractionDigits: 1 });

/** Seconds as "45 giây", "2 phút 30 giây", "1 giờ 5 phút" (whole seconds; seconds dropped past an hour), or "—". */
export function formatDuration(seconds: number | null, f: FiguresFormat): string {
  if (seconds === null || !Number.isFinite(seconds)) return NONE;
  const total = Math.max(0, Math.round(seconds));
  const i = (v: number) => f.n(v, 'integer');
  if (total < 60) return f.t('figures.duration.seconds', { s: i(total) });
  if (total < 3600) {
    const m = Math.floor(total / 60);
    const s = total % 60;
    return s === 0
      ? f.t('figures.duration.minutes', { m: i(m) })
      : f.t('figures.duration.minutesSeconds', { m: i(m), s: i(s) });
  }
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return m === 0
    ? f.t('figures.duration.hours', { h: i(h) })
    : f.t('figures.duration.hoursMinutes', { h: i(h), m: i(m) });
}

/** A small breakdown next to a figure: an incident severity or a device feed. */
export interface FigureChip {
  key: string;
  /** Short text shown (a count, or "Camera 1/3"). */
  text: string;
  /** Full text for the tooltip and screen readers. */
  title: string;
  colour?: string;
  zero: boolean;
}

/** What one card shows, all text already in the current locale. */
export interface FigureCardView {
  id: FigureId;
  title: string;
  value: string;
  /** The figure as a number (null when there is none), for data attributes. */
  raw: number | null;
  /** A few words after the value ("/ 744 thiết bị"). */
  sub?: string;
  detail: string;
  chips: FigureChip[];
  /** Against a target (online submission): whether it is met, and how to say so. */
  target?: { met: boolean; text: string };
}

/** Worst first, as an operator reads them. */
const SEVERITIES_WORST_FIRST: readonly IncidentSeverity[] = [...INCIDENT_SEVERITIES].reverse();

function incidentsCard(fig: Figures | null, f: FiguresFormat): Omit<FigureCardView, 'id' | 'title'> {
  if (!fig) return { value: NONE, raw: null, detail: '', chips: [] };
  const { total, bySeverity } = fig.openIncidents;
  return {
    value: formatCount(total, f),
    raw: total,
    // The two that matter most, in words (their colours are close); every severity in the chips.
    sub: f.t('figures.detail.severe', {
      critical: formatCount(bySeverity.critical ?? 0, f),
      high: formatCount(bySeverity.high ?? 0, f),
    }),
    detail: '',
    chips: SEVERITIES_WORST_FIRST.map((s) => {
      const count = bySeverity[s] ?? 0;
      const text = formatCount(count, f);
      return {
        key: s,
        text,
        title: `${f.t(`incidents.severity.${s}`)}: ${text}`,
        colour: SEVERITY_COLOURS[s],
        zero: count === 0,
      };
    }),
  };
}

function acknowledgeCard(fig: Figures | null, f: FiguresFormat): Omit<FigureCardView, 'id' | 'title'> {
  const ack = fig?.timeToAcknowledge;
  const detail = !ack
    ? ''
    : ack.medianSeconds === null
      ? f.t('figures.detail.noneAcknowledged')
      : f.t('figures.detail.acknowledged', { count: formatCount(ack.acknowledged, f) });
  return { value: formatDuration(ack?.medianSeconds ?? null, f), raw: ack?.medianSeconds ?? null, detail, chips: [] };
}

function congestionCard(fig: Figures | null, f: FiguresFormat): Omit<FigureCardView, 'id' | 'title'> {
  const c = fig?.congestion;
  const detail = !c
    ? ''
    : c.index === null
      ? f.t('figures.detail.noSegments')
      : f.t('figures.detail.slowSegments', {
          slow: formatCount(c.slowSegments, f),
          segments: formatCount(c.segments, f),
        });
  return { value: formatShare(c?.index ?? null, f), raw: c?.index ?? null, detail, chips: [] };
}

function onlineCard(fig: Figures | null, f: FiguresFormat): Omit<FigureCardView, 'id' | 'title'> {
  const o = fig?.onlineSubmission;
  if (!o) return { value: NONE, raw: null, detail: '', chips: [] };
  const target = formatShare(o.target, f);
  return {
    value: formatShare(o.share, f),
    raw: o.share,
    detail:
      o.share === null
        ? f.t('figures.detail.noneReceived')
        : f.t('figures.detail.submitted', {
            online: formatCount(o.submittedOnline, f),
            received: formatCount(o.received, f),
          }),
    chips: [],
    target:
      o.share === null
        ? undefined
        : o.share >= o.target
          ? { met: true, text: f.t('figures.target.met', { target }) }
          : { met: false, text: f.t('figures.target.notMet', { target }) },
  };
}

function overdueCard(fig: Figures | null, f: FiguresFormat): Omit<FigureCardView, 'id' | 'title'> {
  const total = fig?.overdueDossiers.total ?? null;
  return { value: formatCount(total, f), raw: total, detail: fig ? f.t('figures.detail.overdue') : '', chips: [] };
}

function devicesCard(fig: Figures | null, f: FiguresFormat): Omit<FigureCardView, 'id' | 'title'> {
  const d = fig?.devicesOffline;
  const known = d ? DEVICE_FEEDS.reduce((n, feed) => n + (d.byFeed[feed]?.devices ?? 0), 0) : 0;
  // With no device known, "0 offline" would claim a health nobody reported.
  if (!d || known === 0) return { value: NONE, raw: null, detail: d ? f.t('figures.detail.noDevices') : '', chips: [] };
  return {
    value: formatCount(d.total, f),
    raw: d.total,
    sub: f.t('figures.detail.ofDevices', { count: formatCount(known, f) }),
    detail: '',
    chips: DEVICE_FEEDS.map((feed: DeviceFeed) => {
      const { offline, devices } = d.byFeed[feed] ?? { offline: 0, devices: 0 };
      return {
        key: feed,
        text: `${f.t(`figures.feed.${feed}`)} ${formatCount(offline, f)}`,
        title: `${f.t(`layers.name.${feed}`)}: ${formatCount(offline, f)}/${formatCount(devices, f)}`,
        zero: offline === 0,
      };
    }),
  };
}

const CARDS: Record<FigureId, (fig: Figures | null, f: FiguresFormat) => Omit<FigureCardView, 'id' | 'title'>> = {
  openIncidents: incidentsCard,
  timeToAcknowledge: acknowledgeCard,
  congestion: congestionCard,
  onlineSubmission: onlineCard,
  overdueDossiers: overdueCard,
  devicesOffline: devicesCard,
};

/** The six cards for the figures now (null: none received yet, every value "—"). */
export function figureCards(fig: Figures | null, f: FiguresFormat): FigureCardView[] {
  return FIGURE_IDS.map((id) => ({ id, title: f.t(`figures.card.${id}`), ...CARDS[id](fig, f) }));
}

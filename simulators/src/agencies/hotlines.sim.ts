/**
 * Calls to Hanoi's emergency hotlines, as a pure, deterministic model: 113 (police: security and
 * traffic), 114 (fire and rescue: fires, some storms and floods, gas leaks, people trapped) and 115
 * (ambulance: illness and traffic injuries). The same seed and window always give the same calls,
 * however the time is cut into windows.
 *
 * The model: one Poisson process per hotline whose city-wide rate follows the local clock in
 * Asia/Ho_Chi_Minh (rush hours around 7-9 and 17-19 about twice the daily mean, the small hours about
 * a third of it). Each call lands in a district with probability proportional to its population (2019
 * census), at a commune's schematic anchor jittered by up to about 300 m. Traffic calls weigh more in
 * rush hours and evening calls (brawls, noise) more at night. Calls are numbered per hotline and local
 * day: `113-20261127-000812`.
 */
import type { IncidentReport } from '../../../protocol/index.js';
import { hashString, type Rng } from '../random.js';
import { bump, hanoiIso, localDateDigits, localHour, normalizeProfile } from './clock.js';
import { HOTLINE_TEMPLATES, type CallTemplate, type Hotline, type SeverityMix } from './hotline-templates.js';
import { vietnameseName, vietnamesePhone } from './people.js';
import { randomPlace } from './places.js';
import { eventsIn, MAX_RATE_PER_HOUR, weightedPick } from './process.js';

export type { Hotline } from './hotline-templates.js';

export interface HotlineOptions {
  seed: number;
  /** The simulated window, `from` included, `to` excluded. */
  from: Date;
  to: Date;
  /** Calls per hour city-wide at the daily mean (all three hotlines together). Default 30. */
  callsPerHour?: number;
}

export const DEFAULT_CALLS_PER_HOUR = 30;
/** Each hotline's share of the calls. */
export const HOTLINE_SHARES: Readonly<Record<Hotline, number>> = { '113': 0.45, '114': 0.12, '115': 0.43 };
const HOTLINES = Object.keys(HOTLINE_SHARES) as Hotline[];
/** Share of callers who give their name (all give a number: the switchboard sees it). */
const NAMED_CALLERS = 0.85;

const daylight = (h: number): number => 1 / (1 + Math.exp(-2 * (h - 6))) / (1 + Math.exp(2 * (h - 22.5)));
const rush = (h: number): number => bump(h, 8, 0.9) + bump(h, 18, 0.9);

/** The city-wide call volume over the local day, mean 1: about 2 in rush hours, about 0.3 at 1-4h. */
export const callProfile = normalizeProfile((h) => 0.3 + 0.7 * daylight(h) + 0.9 * rush(h));

/** Expected calls per hour city-wide (all hotlines) at an instant. */
export const hotlineRateAt = (at: Date, callsPerHour = DEFAULT_CALLS_PER_HOUR): number =>
  callsPerHour * callProfile(localHour(at.getTime()));

function templateWeight(t: CallTemplate, hour: number): number {
  if (t.traffic) return t.weight * (0.4 + 0.6 * daylight(hour) + 1.2 * rush(hour));
  if (t.evening) return t.weight * (0.6 + 1.2 * bump(hour, 22, 2.5));
  return t.weight;
}

const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
function severity(rng: Rng, mix: SeverityMix): IncidentReport['severity'] {
  return weightedPick(rng, SEVERITIES, (s) => mix[SEVERITIES.indexOf(s)] ?? 0);
}

function checkOptions(opts: HotlineOptions): number {
  const rate = opts.callsPerHour ?? DEFAULT_CALLS_PER_HOUR;
  if (!Number.isInteger(opts.seed)) throw new RangeError(`seed must be an integer, got ${opts.seed}`);
  if (!(rate >= 0 && rate <= MAX_RATE_PER_HOUR))
    throw new RangeError(`callsPerHour must be within 0..${MAX_RATE_PER_HOUR}, got ${rate}`);
  if (Number.isNaN(opts.from.getTime()) || Number.isNaN(opts.to.getTime())) throw new RangeError('invalid window');
  return rate;
}

/** The window's calls to 113, 114 and 115, in time order; each is valid under incidentReportSchema. */
export function hotlineCalls(opts: HotlineOptions): IncidentReport[] {
  const rate = checkOptions(opts);
  const calls: Array<{ atMs: number; report: IncidentReport }> = [];
  for (const hotline of HOTLINES) {
    const spec = {
      seed: opts.seed,
      stream: hashString(`hotline-${hotline}`),
      ratePerHour: (ms: number) => rate * HOTLINE_SHARES[hotline] * callProfile(localHour(ms)),
    };
    for (const { atMs, seq, rng } of eventsIn(spec, opts.from.getTime(), opts.to.getTime())) {
      const hour = localHour(atMs);
      const template = weightedPick(rng, HOTLINE_TEMPLATES[hotline], (t) => templateWeight(t, hour));
      const place = randomPlace(rng);
      const name = rng() < NAMED_CALLERS ? vietnameseName(rng) : undefined;
      calls.push({
        atMs,
        report: {
          externalId: `${hotline}-${localDateDigits(atMs)}-${String(seq).padStart(6, '0')}`,
          dateIssued: hanoiIso(atMs),
          category: template.category,
          subCategory: template.subCategory,
          severity: severity(rng, template.severity),
          description: template.text(place.phrase, rng).normalize('NFC'),
          alertSource: hotline,
          location: { type: 'Point', coordinates: place.point },
          address: place.address,
          reporter: { ...(name === undefined ? {} : { name }), phone: vietnamesePhone(rng) },
        },
      });
    }
  }
  calls.sort((a, b) => a.atMs - b.atMs || a.report.externalId.localeCompare(b.report.externalId));
  return calls.map((c) => c.report);
}

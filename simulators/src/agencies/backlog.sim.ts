/**
 * Administrative dossiers of Hanoi's communes, as their public-service systems would count them:
 * a pure, deterministic model. Every simulated hour, on the hour, each commune reports each sector's
 * figures for the local day so far; the same seed and hour always give the same figures.
 *
 * The model: one-stop shops take dossiers 8-17h on weekdays (fewer over lunch), each commune in
 * proportion to its share of its district's population (2019 census). The share submitted online
 * follows the commune's 2016 rollout phase (1 ≈ 0.80, 2 ≈ 0.74, 3 ≈ 0.67, 4 ≈ 0.63, give or take a
 * commune's own habit, the sector and the day), which puts the city near the 70% target. Dossiers in
 * progress are a day's stock plus today's received less today's resolved; a few of them are overdue,
 * more in land and construction than elsewhere. Figures are counts for the local day: they start from
 * 0 at midnight and stop growing when the office closes.
 */
import { BACKLOG_SECTORS, type BacklogReport, type BacklogSector, type RolloutPhase } from '../../../protocol/index.js';
import { communes as allCommunes, districts, type Commune } from '../../../server/src/geo/gazetteer.js';
import { clamp, gaussian, hashInts, hashString, mulberry32, uniformAt } from '../random.js';
import { HOUR_MS, hanoiIso, localTime } from './clock.js';
import { poissonFromUniform } from './process.js';

export interface BacklogOptions {
  seed: number;
  /** The simulated window, `from` included, `to` excluded: one report set per whole hour within it. */
  from: Date;
  to: Date;
  /** GSO codes of the communes to report; default all 584. */
  communes?: readonly string[];
  /** Default: SIMULATED_SECTORS. */
  sectors?: readonly BacklogSector[];
}

export const SIMULATED_SECTORS = ['justice', 'land', 'construction', 'business', 'civil_status'] as const;
/** The mean share of dossiers submitted online, by the commune's online-service rollout phase. */
export const ONLINE_SHARE_BY_PHASE: Readonly<Record<RolloutPhase, number>> = { 1: 0.8, 2: 0.74, 3: 0.67, 4: 0.63 };

interface SectorProfile {
  /** Dossiers a day in a commune of average size. */
  perDay: number;
  /** Typical processing time in working days: sets the stock in progress. */
  days: number;
  /** Share of the stock past its deadline, for a commune of average diligence. */
  overdue: number;
  /** Added to the commune's online share. */
  online: number;
}
const SECTORS: Readonly<Record<string, SectorProfile>> = {
  justice: { perDay: 14, days: 1, overdue: 0.01, online: 0 },
  civil_status: { perDay: 9, days: 2, overdue: 0.015, online: 0.03 },
  land: { perDay: 4, days: 12, overdue: 0.07, online: -0.06 },
  construction: { perDay: 2, days: 8, overdue: 0.05, online: -0.04 },
  business: { perDay: 3, days: 3, overdue: 0.02, online: 0.05 },
};
const OTHER_SECTOR: SectorProfile = { perDay: 1.5, days: 5, overdue: 0.03, online: 0 };

/** Share of the day's dossiers arriving in each office hour, 8h to 16h (lunch is quiet). */
const OFFICE_HOURS: readonly number[] = [0.1, 0.15, 0.15, 0.12, 0.04, 0.1, 0.13, 0.12, 0.09];
const OPENS = 8;

const S_COMMUNE = hashString('backlog-commune');
const S_DAY = hashString('backlog-day');
const S_HOUR = hashString('backlog-hour');

interface CommuneEntry {
  commune: Commune;
  /** Commune size relative to the average commune (district population shared equally). */
  size: number;
}
let index: Map<string, CommuneEntry> | undefined;
function communeIndex(): Map<string, CommuneEntry> {
  if (index) return index;
  const all = allCommunes().sort((a, b) => a.code.localeCompare(b.code));
  const population = new Map(districts().map((d) => [d.code, d.population / Math.max(1, d.communeCount)]));
  const mean = all.reduce((s, c) => s + (population.get(c.districtCode) ?? 0), 0) / Math.max(1, all.length);
  index = new Map(
    all.map((commune) => [commune.code, { commune, size: (population.get(commune.districtCode) ?? mean) / mean }]),
  );
  return index;
}

/** A binomially distributed count of `n` trials with probability `p`, from one uniform number. */
function binomialFromUniform(u: number, n: number, p: number): number {
  let prob = (1 - p) ** n;
  let cdf = prob;
  let k = 0;
  while (u > cdf && k < n) {
    prob *= ((n - k) / (k + 1)) * (p / (1 - p));
    k += 1;
    cdf += prob;
  }
  return k;
}

function figures(seed: number, entry: CommuneEntry, sector: BacklogSector, atMs: number): BacklogReport {
  const profile = SECTORS[sector] ?? OTHER_SECTOR;
  const code = Number(entry.commune.code);
  const s = hashString(sector);
  const { day, hour, weekend } = localTime(atMs);
  // What the commune is like (fixed), then what this day is like.
  const habit = mulberry32(hashInts(seed, S_COMMUNE, code, s));
  const onlineHabit = 0.04 * gaussian(habit);
  const diligence = Math.exp(0.5 * gaussian(habit));
  const today = mulberry32(hashInts(seed, S_DAY, code, s, day));
  const meanPerDay = profile.perDay * entry.size;
  const volume = weekend ? 0 : meanPerDay * (0.8 + 0.4 * today());
  const capacity = weekend ? 0 : meanPerDay * (0.85 + 0.3 * today());
  const online = clamp(
    ONLINE_SHARE_BY_PHASE[entry.commune.phase] + profile.online + onlineHabit + 0.02 * gaussian(today),
    0.2,
    0.98,
  );
  const stock = Math.round(meanPerDay * profile.days * (0.8 + 0.4 * today()));
  const lateness = today();

  let received = 0;
  let submittedOnline = 0;
  let resolved = 0;
  OFFICE_HOURS.forEach((share, i) => {
    if (OPENS + i + 1 > hour) return; // only office hours that have ended by now
    const arrived = poissonFromUniform(uniformAt(seed, S_HOUR, code, s, day, i, 1), volume * share);
    received += arrived;
    submittedOnline += binomialFromUniform(uniformAt(seed, S_HOUR, code, s, day, i, 2), arrived, online);
    resolved += poissonFromUniform(uniformAt(seed, S_HOUR, code, s, day, i, 3), capacity * share);
  });
  resolved = Math.min(resolved, stock + received);
  const inProgress = stock + received - resolved;
  const overdue = Math.min(inProgress, Math.floor(inProgress * profile.overdue * diligence + lateness));
  return {
    dateObserved: hanoiIso(atMs),
    communeCode: entry.commune.code,
    sector,
    received,
    inProgress,
    resolved,
    overdue,
    submittedOnline,
  };
}

/**
 * The window's reports: for every whole hour in it, one per commune and sector (584 × 5 = 2,920 an
 * hour by default), ordered by hour, commune code and sector. Each is valid under backlogReportSchema.
 */
export function backlogReports(opts: BacklogOptions): BacklogReport[] {
  if (!Number.isInteger(opts.seed)) throw new RangeError(`seed must be an integer, got ${opts.seed}`);
  const all = communeIndex();
  const entries = (opts.communes ?? [...all.keys()]).map((code) => {
    const entry = all.get(code);
    if (!entry) throw new RangeError(`${code} is not one of Hanoi's communes`);
    return entry;
  });
  entries.sort((a, b) => a.commune.code.localeCompare(b.commune.code));
  const sectors = opts.sectors ?? SIMULATED_SECTORS;
  for (const sector of sectors)
    if (!BACKLOG_SECTORS.includes(sector)) throw new RangeError(`unknown sector: ${sector}`);
  const out: BacklogReport[] = [];
  for (let t = Math.ceil(opts.from.getTime() / HOUR_MS) * HOUR_MS; t < opts.to.getTime(); t += HOUR_MS) {
    for (const entry of entries) for (const sector of sectors) out.push(figures(opts.seed, entry, sector, t));
  }
  return out;
}

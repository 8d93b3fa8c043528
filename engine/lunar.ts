// The Vietnamese lunisolar calendar (âm lịch), for the holidays the Labour Code fixes on lunar
// dates (Tết, Giỗ Tổ Hùng Vương 10/3). A lunar month begins on the civil day, at UTC+7 (the
// 105°E meridian), of the astronomical new moon; month 11 is the one holding the December
// solstice; in a year of 13 months the first month after month 11 with no major solar term
// (trung khí) is the leap one and repeats the number of the month before it.
//
// The method is the one Hồ Ngọc Đức published for the Vietnamese calendar: new moons from the
// series in Meeus, "Astronomical Formulae for Calculators" (ch. 32), the Sun's true longitude
// from Meeus' low-precision formula, evaluated at local midnight. The zone matters: at UTC+8
// (the Chinese calendar) a new moon just before midnight falls on another day, which is why
// Tết 1985 and 2007 differ between the two countries (test/engine/lunar.test.ts).
//
// Pure arithmetic on day numbers (days since 1970-01-01, as engine/calendar.ts counts them).

export interface LunarDate {
  /** The lunar year, numbered as the Gregorian year in which its month 1 begins. */
  year: number;
  month: number;
  day: number;
  /** Set for the repeated (leap, nhuận) month. */
  leap: boolean;
}

/** Hours east of UTC at which the Vietnamese calendar is reckoned. */
export const VIETNAM_LUNAR_UTC_OFFSET = 7;

const DAY_MS = 86_400_000;
const JD_OF_DAY_ZERO = 2440587.5; // Julian date of 1970-01-01 00:00 UT
const SYNODIC_MONTH = 29.530588853;
const FIRST_NEW_MOON_JD = 2415021.076998695; // the new moon of 1900-01-01, ~13:52 UT: k = 0
const RAD = Math.PI / 180;
const sin = (deg: number) => Math.sin(deg * RAD);

/** Instant (Julian date, UT) of the k-th new moon after 1900-01-01 (Meeus, mean phase plus the main periodic terms). */
function newMoonJd(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3 + 0.00033 * sin(166.56 + 132.87 * t - 0.009173 * t2);
  const sunAnomaly = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
  const moonAnomaly = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
  const latitudeArg = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
  const [m, mp, f] = [sunAnomaly, moonAnomaly, latitudeArg];
  const correction =
    (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2 * m)
    - 0.4068 * sin(mp) + 0.0161 * sin(2 * mp) - 0.0004 * sin(3 * mp)
    + 0.0104 * sin(2 * f) - 0.0051 * sin(m + mp) - 0.0074 * sin(m - mp)
    + 0.0004 * sin(2 * f + m) - 0.0004 * sin(2 * f - m) - 0.0006 * sin(2 * f + mp)
    + 0.001 * sin(2 * f - mp) + 0.0005 * sin(2 * mp + m);
  // Ephemeris time to universal time (ΔT, in days), as the method fits it.
  const deltaT = t < -11
    ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return mean + correction - deltaT;
}

/** The local civil day (day number) on which the k-th new moon falls at `utcOffset` hours. */
function newMoonDay(k: number, utcOffset: number): number {
  return Math.floor(newMoonJd(k) - JD_OF_DAY_ZERO + utcOffset / 24);
}

/** Which 30° sector (0 = 0°..30°, 9 = from the December solstice) the Sun's true longitude is in at the local midnight starting `day`. */
function sunSector(day: number, utcOffset: number): number {
  const jd = day + JD_OF_DAY_ZERO - utcOffset / 24;
  const t = (jd - 2451545.0) / 36525;
  const t2 = t * t;
  const anomaly = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const centre = (1.9146 - 0.004817 * t - 0.000014 * t2) * sin(anomaly) + (0.019993 - 0.000101 * t) * sin(2 * anomaly) + 0.00029 * sin(3 * anomaly);
  const longitude = (((meanLongitude + centre) % 360) + 360) % 360;
  return Math.floor(longitude / 30);
}

const newMoonIndex = (day: number) => Math.floor((day + JD_OF_DAY_ZERO - FIRST_NEW_MOON_JD) / SYNODIC_MONTH);

/** First day of the lunar month that holds the December solstice of Gregorian `year` (month 11). */
function month11Start(year: number, utcOffset: number): number {
  const k = newMoonIndex(Date.UTC(year, 11, 31) / DAY_MS);
  const start = newMoonDay(k, utcOffset);
  // The month that began with the last new moon of December starts after the solstice: month 11 is the one before.
  return sunSector(start, utcOffset) >= 9 ? newMoonDay(k - 1, utcOffset) : start;
}

interface LunarMonth {
  start: number;
  /** The day after its last day (the next month's first day). */
  end: number;
  year: number;
  month: number;
  leap: boolean;
}

const cycles = new Map<string, LunarMonth[]>();

/**
 * The months from month 11 of lunar year `year - 1` up to (not including) month 11 of lunar year
 * `year`: 12 months, or 13 when one of them is a leap month. Memoised: the result depends only on its arguments.
 */
function solsticeCycle(year: number, utcOffset: number): LunarMonth[] {
  const key = `${year}@${utcOffset}`;
  const known = cycles.get(key);
  if (known) return known;
  const first = month11Start(year - 1, utcOffset);
  const last = month11Start(year, utcOffset);
  const k0 = Math.round((first + JD_OF_DAY_ZERO - FIRST_NEW_MOON_JD) / SYNODIC_MONTH);
  const count = Math.round((last - first) / SYNODIC_MONTH);
  const starts = Array.from({ length: count + 1 }, (_, i) => (i === 0 ? first : i === count ? last : newMoonDay(k0 + i, utcOffset)));
  // In a 13-month cycle the leap month is the first after month 11 in which the Sun enters no new sector.
  let leapAt = -1;
  if (count === 13) {
    for (let i = 1; i < count && leapAt < 0; i++) if (sunSector(starts[i]!, utcOffset) === sunSector(starts[i + 1]!, utcOffset)) leapAt = i;
  }
  const months: LunarMonth[] = [];
  for (let i = 0; i < count; i++) {
    const n = leapAt >= 0 && i >= leapAt ? i - 1 : i; // months since month 11, not counting the leap one
    const month = ((10 + n) % 12) + 1;
    months.push({ start: starts[i]!, end: starts[i + 1]!, month, leap: i === leapAt, year: month >= 11 && n < 2 ? year - 1 : year });
  }
  cycles.set(key, months);
  return months;
}

/** The Gregorian day number of a lunar date; RangeError for a day the month does not have, or a leap month that year lacks. */
export function lunarToDayNumber(d: LunarDate, utcOffset = VIETNAM_LUNAR_UTC_OFFSET): number {
  if (!Number.isInteger(d.month) || d.month < 1 || d.month > 12 || !Number.isInteger(d.day) || d.day < 1 || d.day > 30) {
    throw new RangeError(`not a lunar date: ${JSON.stringify(d)}`);
  }
  const cycle = solsticeCycle(d.month >= 11 ? d.year + 1 : d.year, utcOffset);
  const m = cycle.find((x) => x.year === d.year && x.month === d.month && x.leap === d.leap);
  if (!m || m.start + d.day - 1 >= m.end) throw new RangeError(`lunar ${d.day}/${d.month}${d.leap ? " (leap)" : ""}/${d.year} does not exist`);
  return m.start + d.day - 1;
}

/** The lunar date of a Gregorian day number. */
export function dayNumberToLunar(day: number, utcOffset = VIETNAM_LUNAR_UTC_OFFSET): LunarDate {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  for (const y of [year, year + 1]) {
    const m = solsticeCycle(y, utcOffset).find((x) => x.start <= day && day < x.end);
    if (m) return { year: m.year, month: m.month, day: day - m.start + 1, leap: m.leap };
  }
  throw new RangeError(`no lunar month holds day ${day}`); // unreachable: consecutive cycles tile the years
}

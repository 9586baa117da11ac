/**
 * Local time and crowd patterns for the Scheveningen boulevard. Everything is a pure function of
 * the simulated instant, so any generator can ask "how busy is it now" without shared state.
 */

/** Last Sunday of a month, 01:00 UTC: when EU summer time starts (March) and ends (October). */
function lastSundayOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const day = lastDay.getUTCDate() - lastDay.getUTCDay();
  return Date.UTC(year, month, day, 1);
}

/** Europe/Amsterdam offset from UTC in hours (1 in winter, 2 in summer). */
export function amsterdamOffsetHours(t: Date): number {
  const year = t.getUTCFullYear();
  const ms = t.getTime();
  return ms >= lastSundayOneUtc(year, 2) && ms < lastSundayOneUtc(year, 9) ? 2 : 1;
}

export interface LocalTime {
  /** Fractional hour of the local day, 0 <= hour < 24. */
  hour: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** Day of the year, 0-based. */
  dayOfYear: number;
  /** Days since the epoch in local time, for per-day weather. */
  dayIndex: number;
}

export function localTime(t: Date): LocalTime {
  const local = new Date(t.getTime() + amsterdamOffsetHours(t) * 3_600_000);
  const startOfYear = Date.UTC(local.getUTCFullYear(), 0, 1);
  return {
    hour: local.getUTCHours() + local.getUTCMinutes() / 60 + local.getUTCSeconds() / 3600,
    weekday: local.getUTCDay(),
    dayOfYear: Math.floor((local.getTime() - startOfYear) / 86_400_000),
    dayIndex: Math.floor(local.getTime() / 86_400_000),
  };
}

/** Beach season 0..1: near 0 in winter, 1 in mid-July/early August. */
export function beachSeason(t: Date): number {
  const { dayOfYear } = localTime(t);
  const peak = 205; // ~24 July
  const phase = Math.cos((2 * Math.PI * (dayOfYear - peak)) / 365);
  return Math.max(0, Math.min(1, (phase + 0.35) / 1.35)) ** 1.5;
}

function lerpProfile(profile: readonly number[], hour: number): number {
  const i = Math.floor(hour) % 24;
  const j = (i + 1) % 24;
  const f = hour - Math.floor(hour);
  return (profile[i] ?? 0) * (1 - f) + (profile[j] ?? 0) * f;
}

// Relative footfall by local hour. Summer: late-morning build-up, beach afternoon, busy evening
// terraces. Off-season: a walk at midday, little at night.
const SUMMER_PROFILE = [
  0.12, 0.08, 0.05, 0.03, 0.02, 0.03, 0.06, 0.12, 0.2, 0.3, 0.45, 0.6, 0.75, 0.88, 0.97, 1.0, 0.97,
  0.9, 0.85, 0.88, 0.85, 0.7, 0.45, 0.25,
];
const WINTER_PROFILE = [
  0.03, 0.02, 0.01, 0.01, 0.01, 0.02, 0.04, 0.08, 0.12, 0.18, 0.25, 0.32, 0.38, 0.4, 0.4, 0.36, 0.3,
  0.24, 0.2, 0.16, 0.12, 0.08, 0.06, 0.04,
];

/**
 * Crowd activity 0..1 on the boulevard: time-of-day profile blended by beach season, with
 * weekends busier (a summer Saturday afternoon is the peak, 1.0).
 */
export function activity(t: Date): number {
  const lt = localTime(t);
  const season = beachSeason(t);
  const summer = lerpProfile(SUMMER_PROFILE, lt.hour);
  const winter = lerpProfile(WINTER_PROFILE, lt.hour);
  const weekend = lt.weekday === 0 || lt.weekday === 6 ? 1 : 0.65;
  const base = (season * summer + (1 - season) * winter * 0.5) * weekend;
  return Math.max(0, Math.min(1, base));
}

/** Smooth per-day noise in [-1, 1] (cosine-interpolated between daily values). */
export function dailyNoise(valueForDay: (dayIndex: number) => number, t: Date): number {
  const lt = localTime(t);
  const f = lt.hour / 24;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return valueForDay(lt.dayIndex) * (1 - w) + valueForDay(lt.dayIndex + 1) * w;
}

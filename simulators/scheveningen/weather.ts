import { rngFor } from '../shared/prng.js';
import { activity, beachSeason, dailyNoise, localTime } from './clock.js';

/**
 * Coastal weather shared by all lampposts of a lab: day-to-day anomalies from the lab seed,
 * a diurnal cycle, and the summer sea breeze that cools the boulevard in the afternoon.
 */

/** Day-to-day temperature anomaly in °C (sd ~2.5), smooth across midnight. */
export function temperatureAnomaly(labSeed: number, t: Date): number {
  return (
    dailyNoise((day) => Math.max(-2.5, Math.min(2.5, rngFor(labSeed, 'temp', day).normal())), t) *
    2.5
  );
}

/** Wind speed in m/s at 10 m: windy coast, median ~5 m/s, stronger in the afternoon. */
export function windMs(labSeed: number, t: Date): number {
  const daily = dailyNoise((day) => rngFor(labSeed, 'wind', day).logNormal(5, 1.6), t);
  const { hour } = localTime(t);
  const diurnal = 1 + 0.3 * Math.cos((2 * Math.PI * (hour - 14)) / 24);
  return Math.max(0.3, Math.min(22, daily * diurnal));
}

/** Sea breeze strength 0..1: warm-season afternoons with weak synoptic wind. */
export function seaBreeze(labSeed: number, t: Date): number {
  const { hour } = localTime(t);
  if (hour < 11 || hour > 20) return 0;
  const season = beachSeason(t);
  const calm = Math.max(0, 1 - windMs(labSeed, t) / 9);
  const shape = Math.sin((Math.PI * (hour - 11)) / 9);
  return season * calm * shape;
}

/** Sea state 0..1 (drives surf loudness), mostly following the wind of the day. */
export function seaState(labSeed: number, t: Date): number {
  return Math.max(0, Math.min(1, windMs(labSeed, t) / 14));
}

/** Road traffic 0..1 on the boulevard's access roads: rush hours plus beach traffic. */
export function traffic(t: Date): number {
  const { hour, weekday } = localTime(t);
  const weekend = weekday === 0 || weekday === 6;
  const rush = weekend
    ? 0
    : Math.exp(-(((hour - 8) / 1.3) ** 2)) + 0.9 * Math.exp(-(((hour - 17.5) / 1.6) ** 2));
  const night = hour < 6 || hour > 23 ? 0.15 : 0.4;
  return Math.min(1, night * 0.5 + 0.5 * rush + 0.6 * activity(t));
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Parses `90`, `90s`, `10m`, `1.5h`, `24h`, `250ms` into seconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) throw new Error(`invalid duration "${text}" (examples: 30, 30s, 10m, 24h)`);
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  return value * (UNITS[unit] ?? 1);
}

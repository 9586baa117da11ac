/**
 * The last day an agreement covers, as the user typed it: the hub stores `until` as an exclusive
 * end (a date means "through that UTC day", stored as the next midnight), so show the day before.
 */
export const lastDay = (until: string): string =>
  new Date(Date.parse(until) - 1).toISOString().slice(0, 10);

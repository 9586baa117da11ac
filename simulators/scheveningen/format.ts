import type { LabSummary } from './run-lab.js';

/** The end-of-run summary as a small table for people. */
export function formatLabSummary(s: LabSummary): string {
  const lines = [
    `simulated ${s.simStart} -> ${s.simEnd} in ${s.realSec} s; devices connected ${s.devices.connected}, failed ${s.devices.failed}`,
    'kind         sent    acked  rejected',
  ];
  for (const [kind, c] of Object.entries(s.perKind)) {
    lines.push(
      `${kind.padEnd(12)} ${String(c.sent).padStart(6)} ${String(c.acked).padStart(8)} ${String(c.rejected).padStart(9)}`,
    );
  }
  const codes = Object.entries(s.rejectedCodes);
  if (codes.length) lines.push(`rejection codes: ${codes.map(([c, n]) => `${c}=${n}`).join(', ')}`);
  for (const [mode, r] of Object.entries(s.misbehave)) {
    const got = Object.entries(r.rejections)
      .map(([c, n]) => `${c}=${n}`)
      .join(', ');
    lines.push(
      `misbehave ${mode}: sent ${r.sent}, acked ${r.acked}, got [${got || 'no rejection'}], disconnects ${r.disconnects}; expected ${r.expected}${r.notes.length ? `; ${r.notes.join('; ')}` : ''}`,
    );
  }
  for (const e of s.errors) lines.push(`error: ${e}`);
  return lines.join('\n');
}

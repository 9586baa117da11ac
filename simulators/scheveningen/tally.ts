import { SENSOR_KINDS, type SensorKind } from '@hub/contracts';
import { EXPECTED_OUTCOME, type MisbehaveMode } from './misbehave.js';

export interface KindCount {
  sent: number;
  acked: number;
  rejected: number;
}

export interface MisbehaveReport {
  /** Bad messages published. */
  sent: number;
  /** Of those, acknowledged at the MQTT level (PUBACK); the hub may still reject them. */
  acked: number;
  /** Codes received on the rejected topics for these messages. */
  rejections: Record<string, number>;
  /** Connections the broker closed while this mode ran. */
  disconnects: number;
  expected: string;
  /** Observations that are not rejection codes, e.g. how a frozen subscriber fared. */
  notes: string[];
}

/** Counters for one lab run; the summary is a snapshot of these. */
export class Tally {
  readonly perKind: Record<SensorKind, KindCount>;
  readonly rejectedCodes: Record<string, number> = {};
  readonly misbehave = new Map<MisbehaveMode, MisbehaveReport>();
  readonly errors: string[] = [];

  constructor(modes: readonly MisbehaveMode[]) {
    this.perKind = Object.fromEntries(
      SENSOR_KINDS.map((k) => [k, { sent: 0, acked: 0, rejected: 0 }]),
    ) as Record<SensorKind, KindCount>;
    for (const m of modes) {
      this.misbehave.set(m, {
        sent: 0,
        acked: 0,
        rejections: {},
        disconnects: 0,
        expected: EXPECTED_OUTCOME[m],
        notes: [],
      });
    }
  }

  report(mode: MisbehaveMode): MisbehaveReport {
    const r = this.misbehave.get(mode);
    if (!r) throw new Error(`misbehave mode ${mode} not enabled`);
    return r;
  }

  rejected(code: string, kind: SensorKind | null, mode: MisbehaveMode | null): void {
    if (mode) {
      const r = this.report(mode);
      r.rejections[code] = (r.rejections[code] ?? 0) + 1;
      return;
    }
    this.rejectedCodes[code] = (this.rejectedCodes[code] ?? 0) + 1;
    if (kind) this.perKind[kind].rejected++;
  }

  error(message: string): void {
    // Keep the summary readable: the first 50 distinct errors.
    if (this.errors.length < 50 && !this.errors.includes(message)) this.errors.push(message);
  }

  totals(): KindCount {
    const t = { sent: 0, acked: 0, rejected: 0 };
    for (const k of SENSOR_KINDS) {
      t.sent += this.perKind[k].sent;
      t.acked += this.perKind[k].acked;
      t.rejected += this.perKind[k].rejected;
    }
    return t;
  }
}

import { splitByAudience } from '../counts/audience-split.js';
import type { RandomSource } from '../counts/random-source.js';
import type { ReadingValue } from '../filter/filter-types.js';
import type { WindowResult } from '../filter/window-types.js';
import type { Keyring } from '../pseudonym/keyring.js';
import { pseudonymise } from '../pseudonym/pseudonymise.js';
import type { VideoRule } from '../rules/rule-set.js';
import type { Detection } from './detection.js';

const SEP = '\u0000';

/**
 * Counts per class (and zone/direction where configured) for one interval at one location.
 * Track ids live only inside this window, to count a tracked object once; memory is bounded by
 * maxTracksPerWindow (beyond it, detections are counted without de-duplication and the reading
 * says so). Boxes, plates and track ids never reach the output.
 */
export class VideoWindow {
  private readonly counts = new Map<string, number>();
  private readonly tracks = new Set<string>();
  private readonly plates = new Set<string>();
  private tracksCapped = false;
  private platesCapped = false;

  constructor(private readonly rule: VideoRule) {}

  add(lamppost: string, detections: Detection[], keyring: Keyring, nowMs: number): void {
    const r = this.rule;
    for (const d of detections) {
      if (!(d.confidence >= r.minConfidence) || !r.classes.includes(d.class)) continue;
      const zone = r.zones ? d.zone : undefined;
      const direction = r.directions ? d.direction : undefined;
      if (r.zones && (zone === undefined || !r.zones.includes(zone))) continue;
      if (r.directions && (direction === undefined || !r.directions.includes(direction))) continue;
      const group = `${d.class}${SEP}${zone ?? ''}${SEP}${direction ?? ''}`;
      if (d.trackId !== undefined) {
        const track = `${lamppost}${SEP}${String(d.trackId)}${SEP}${group}`;
        if (this.tracks.has(track)) continue;
        if (this.tracks.size < r.maxTracksPerWindow) this.tracks.add(track);
        else this.tracksCapped = true;
      }
      this.counts.set(group, (this.counts.get(group) ?? 0) + 1);
      if (r.plates && typeof d.plate === 'string' && d.plate.length > 0) {
        // 64 bits for de-duplication inside the window; only the count leaves.
        const tag = pseudonymise(keyring, d.plate, nowMs, 64);
        if (this.plates.size < r.maxTracksPerWindow) this.plates.add(tag);
        else this.platesCapped = true;
      }
    }
  }

  close(opts: { random: RandomSource; spendBudget: (epsilon: number) => boolean }): WindowResult[] {
    const r = this.rule;
    const base = [
      'video-counts',
      `min-confidence=${r.minConfidence}`,
      'drop:frame,bbox,trackId,plate',
    ];
    if (r.plates) base.push(`pseudonymise:hmac-sha256:bits=${r.plates.truncateBits}`);
    return splitByAudience(
      r.counts,
      (count) => {
        const rows: ReadingValue[] = [];
        for (const cls of r.classes) {
          for (const zone of r.zones ?? [undefined]) {
            for (const direction of r.directions ?? [undefined]) {
              const n = this.counts.get(`${cls}${SEP}${zone ?? ''}${SEP}${direction ?? ''}`) ?? 0;
              const row: Record<string, ReadingValue> = { class: cls };
              if (zone !== undefined) row.zone = zone;
              if (direction !== undefined) row.direction = direction;
              row.count = count(n);
              rows.push(row);
            }
          }
        }
        const values: Record<string, ReadingValue> = { counts: rows };
        if (r.plates) values.uniquePlates = count(this.plates.size);
        if (this.tracksCapped || this.platesCapped) values.dedupeCapped = true;
        return values;
      },
      { ...opts, ownerOnlyExtras: false },
      base,
    );
  }
}

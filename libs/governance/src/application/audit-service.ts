import {
  agreementStatus,
  feedAccessStream,
  type AccessDirectory,
  type FeedAccessed,
} from '@hub/access';
import { RETENTION_STREAM, type EventStore } from '@hub/event-store';
import type { KeyLifecycleRecord, RuleStats } from '@hub/privacy';
import type { RuleVersion } from '../domain/rule-history.js';
import {
  COMPLIANCE_SCANS_STREAM,
  belongsToLab,
  type ComplianceScanCompleted,
} from './compliance-scan.js';
import type { FilterStatsRecorder } from './filter-stats-recorder.js';
import type { RuleLifecycle } from './rule-lifecycle.js';

/** How many scan records a lab-scoped listing looks through. */
const SCAN_HISTORY = 10_000;

/** The ingest context's key stream (ids and times only). */
const KEY_STREAM = 'privacy-keys';

export interface VersionStats extends RuleStats {
  readonly ruleKey: string;
  readonly version: number;
}

export interface RetentionRun {
  readonly ranAt: string;
  readonly removedEvents: number;
  readonly streamCount: number;
  readonly streams: readonly { streamId: string; removed: number }[];
}

export interface Recipient {
  readonly agreementId: string;
  readonly grantee: string;
  readonly kinds: readonly string[];
  readonly purpose: string;
  readonly legalBasis: string;
  readonly level: string;
  readonly status: string;
  readonly grantedAt: string;
  readonly until: string;
  readonly revokedAt: string | null;
  /** Rule versions of the lab in force at some time while the agreement ran. */
  readonly ruleVersions: number[];
  readonly accesses: number;
  readonly lastAccessAt: string | null;
}

const overlaps = (v: RuleVersion, fromMs: number, toMs: number): boolean => {
  if (!v.activatedAt) return false;
  const start = Date.parse(v.activatedAt);
  const end = Date.parse(v.supersededAt ?? v.closedAt ?? '9999-12-31');
  return start < toMs && end > fromMs;
};

/** Read-only answers for privacy officers, each from the log (or the live filter for counts). */
export class AuditService {
  constructor(
    private readonly store: EventStore,
    private readonly lifecycle: RuleLifecycle,
    private readonly stats: FilterStatsRecorder,
    private readonly directory: AccessDirectory,
  ) {}

  /** Per version of the lab: the filter's counters over every run of the hub. */
  async filterStats(lab: string): Promise<VersionStats[]> {
    const versions = [...(this.lifecycle.historyOf(lab)?.versions.values() ?? [])];
    const totals = await this.stats.currentTotals();
    return versions
      .map((v) => ({ v, key: `${v.ruleSetId}@${v.version}` }))
      .filter(({ key }) => totals[key] !== undefined)
      .map(({ v, key }) => ({ ruleKey: key, version: v.version, ...totals[key] }))
      .sort((a, b) => b.version - a.version);
  }

  async keyEvents(limit: number): Promise<(KeyLifecycleRecord & { type: string })[]> {
    const events = await this.store.readStream(KEY_STREAM, {
      direction: 'backwards',
      maxCount: limit,
    });
    return events.map((e) => ({ type: e.type, ...(e.data as KeyLifecycleRecord) }));
  }

  /**
   * Retention runs, newest first. With `lab`: only that lab's streams of each run (and the
   * events removed from them), so one municipality never sees another's stream names.
   */
  async retentionRuns(limit: number, lab?: string): Promise<RetentionRun[]> {
    const events = await this.store.readStream(RETENTION_STREAM, {
      direction: 'backwards',
      maxCount: limit,
    });
    const runs = events.map((e) => e.data as RetentionRun);
    if (lab === undefined) return runs;
    return runs.map((run) => {
      const streams = run.streams.filter((s) => belongsToLab(s.streamId, undefined, lab));
      return {
        ranAt: run.ranAt,
        removedEvents: streams.reduce((n, s) => n + s.removed, 0),
        streamCount: streams.length,
        streams,
      };
    });
  }

  /** Compliance scans, newest first: hub-wide ones (no `lab`) or the scans of one lab. */
  async complianceScans(limit: number, lab?: string): Promise<ComplianceScanCompleted[]> {
    const scans: ComplianceScanCompleted[] = [];
    // Bounded: at most SCAN_HISTORY records are read to find `limit` scans of one lab.
    const events = await this.store.readStream(COMPLIANCE_SCANS_STREAM, {
      direction: 'backwards',
      maxCount: lab === undefined ? limit : SCAN_HISTORY,
    });
    for (const e of events) {
      const scan = e.data as ComplianceScanCompleted;
      if (lab !== undefined && scan.lab !== lab) continue;
      scans.push(scan);
      if (scans.length >= limit) break;
    }
    return scans;
  }

  /** Which municipality received the lab's feed, under which agreement and rule versions. */
  async recipients(lab: string, nowMs = Date.now()): Promise<Recipient[]> {
    const versions = [...(this.lifecycle.historyOf(lab)?.versions.values() ?? [])];
    const agreements = [...this.directory.state.agreements.values()].filter((a) => a.lab === lab);
    return Promise.all(
      agreements.map(async (a) => {
        const { accesses, last } = await this.accessesUnder(a.id);
        const from = Date.parse(a.grantedAt);
        const to = Math.min(
          Date.parse(a.until),
          a.revokedAt ? Date.parse(a.revokedAt) : nowMs,
          nowMs,
        );
        return {
          agreementId: a.id,
          grantee: a.grantee,
          kinds: [...a.kinds],
          purpose: a.purpose,
          legalBasis: a.legalBasis,
          level: a.level,
          status: agreementStatus(a, nowMs),
          grantedAt: a.grantedAt,
          until: a.until,
          revokedAt: a.revokedAt ?? null,
          ruleVersions: versions
            .filter((v) => overlaps(v, from, Math.max(to, from + 1)))
            .map((v) => v.version)
            .sort((x, y) => x - y),
          accesses,
          lastAccessAt: last?.at ?? null,
        };
      }),
    );
  }

  /**
   * How many accesses an agreement's stream holds, and the newest: its first and last event
   * (revisions are consecutive, retention removes the oldest), two events read whatever the
   * stream holds. Reading every access to count them cost what the agreement's history held
   * (up to the 100,000 it stopped at, then a wrong count and an old "last").
   */
  private async accessesUnder(
    agreementId: string,
  ): Promise<{ accesses: number; last: FeedAccessed | undefined }> {
    const stream = feedAccessStream(agreementId);
    const [first] = await this.store.readStream(stream, { maxCount: 1 });
    if (first === undefined) return { accesses: 0, last: undefined };
    const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const newest = last ?? first;
    return { accesses: newest.revision - first.revision + 1, last: newest.data as FeedAccessed };
  }
}

import { randomUUID } from 'node:crypto';
import type { EventStore } from '@hub/event-store';
import { scanForRawData, summariseFindings, type ScanFinding } from '@hub/privacy';
import type { Actor } from '../domain/rule-events.js';

export const COMPLIANCE_SCANS_STREAM = 'privacy-compliance-scans';
export const COMPLIANCE_SCAN_COMPLETED = 'ComplianceScanCompleted';
const PAGE = 1000;
const MAX_LISTED = 50;

export interface ComplianceScanCompleted {
  /** The lab whose events were scanned; absent for a scan of the whole log (admins only). */
  readonly lab?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly by: Actor;
  readonly eventsScanned: number;
  readonly headPosition: number;
  readonly total: number;
  readonly bySignature: Record<string, number>;
  /** The first findings: signature and where (event position and stream), never the bytes. */
  readonly findings: readonly { signature: string; location: string; offset: number }[];
}

/**
 * Whether an event belongs to `lab`: its readings streams (`reading-{lab}.…`) and every event
 * whose data names the lab. A lab-scoped scan or audit shows only these, so it never names
 * another municipality's streams.
 */
export function belongsToLab(streamId: string, data: unknown, lab: string): boolean {
  if (streamId.startsWith(`reading-${lab}.`)) return true;
  return typeof data === 'object' && data !== null && (data as { lab?: unknown }).lab === lab;
}

/**
 * Scans every event of the log (data and metadata) for raw-data signatures, inside the hub and
 * through the store port (so it works on either store), and records the result as an event.
 * With `lab`, only that lab's events are scanned (and counted).
 */
export async function runComplianceScan(
  store: EventStore,
  by: Actor,
  lab?: string,
  clock: () => Date = () => new Date(),
): Promise<ComplianceScanCompleted> {
  const startedAt = clock().toISOString();
  const headPosition = await store.headPosition();
  const findings: ScanFinding[] = [];
  let after = 0;
  let eventsScanned = 0;
  while (after < headPosition) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    for (const event of page) {
      if (event.position > headPosition) break;
      if (lab !== undefined && !belongsToLab(event.streamId, event.data, lab)) continue;
      eventsScanned++;
      const where = `event ${event.position} (${event.streamId})`;
      findings.push(...scanForRawData(JSON.stringify(event.data), where));
      findings.push(...scanForRawData(JSON.stringify(event.metadata), `${where} metadata`));
    }
    after = page[page.length - 1].position;
    // Let the hub serve devices between pages.
    await new Promise((r) => setImmediate(r));
  }
  const data: ComplianceScanCompleted = {
    ...(lab !== undefined && { lab }),
    startedAt,
    finishedAt: clock().toISOString(),
    by,
    eventsScanned,
    headPosition,
    total: findings.length,
    bySignature: summariseFindings(findings),
    findings: findings
      .slice(0, MAX_LISTED)
      .map((f) => ({ signature: f.signature, location: f.location, offset: f.offset })),
  };
  await store.appendToStream(COMPLIANCE_SCANS_STREAM, [
    { id: randomUUID(), type: COMPLIANCE_SCAN_COMPLETED, data },
  ]);
  return data;
}

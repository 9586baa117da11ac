import { randomUUID } from 'node:crypto';
import type { EventStore } from '@hub/event-store';
import { scanForRawData, summariseFindings, type ScanFinding } from '@hub/privacy';
import type { Actor } from '../domain/rule-events.js';

export const COMPLIANCE_SCANS_STREAM = 'privacy-compliance-scans';
export const COMPLIANCE_SCAN_COMPLETED = 'ComplianceScanCompleted';
const PAGE = 1000;
const MAX_LISTED = 50;

export interface ComplianceScanCompleted {
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
 * Scans every event of the log (data and metadata) for raw-data signatures, inside the hub and
 * through the store port (so it works on either store), and records the result as an event.
 */
export async function runComplianceScan(
  store: EventStore,
  by: Actor,
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

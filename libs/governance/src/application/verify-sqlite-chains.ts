import Database from 'better-sqlite3';
import { verifyChain, type ChainVerification } from '../domain/rule-chain.js';
import { RULE_STREAM_PREFIX } from '../domain/rule-events.js';

export interface OfflineChainReport extends ChainVerification {
  readonly lab: string;
}

interface Row {
  position: number;
  revision: number;
  event_id: string;
  type: string;
  data: string;
}

/**
 * Verifies every lab's rule chain straight from an SQLite event log, read-only and without the
 * hub: what is on disk is what is checked. The streams table remembers each stream's last
 * revision, so events cut off the end of a chain are found too.
 */
export function verifySqliteChains(file: string): OfflineChainReport[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const streams = db
      .prepare('SELECT stream_id, revision FROM streams WHERE stream_id LIKE ? ORDER BY stream_id')
      .all(`${RULE_STREAM_PREFIX}%`) as { stream_id: string; revision: number }[];
    const read = db.prepare(
      'SELECT position, revision, event_id, type, data FROM events WHERE stream_id = ? ORDER BY revision',
    );
    return streams.map(({ stream_id, revision }) => {
      const lab = stream_id.slice(RULE_STREAM_PREFIX.length);
      const rows = read.all(stream_id) as Row[];
      const events = rows.map((r) => {
        let data: unknown;
        try {
          data = JSON.parse(r.data);
        } catch {
          data = null;
        }
        return { id: r.event_id, type: r.type, revision: r.revision, position: r.position, data };
      });
      const report = verifyChain(events);
      const last = rows[rows.length - 1];
      if (report.intact && (last?.revision ?? -1) !== revision) {
        return {
          lab,
          events: rows.length,
          intact: false,
          break: {
            revision: (last?.revision ?? -1) + 1,
            position: 0,
            eventId: '',
            type: '',
            reason: `events missing at the end: the log recorded revision ${revision}, the last event found is ${last?.revision ?? 'none'}`,
          },
        };
      }
      return { lab, ...report };
    });
  } finally {
    db.close();
  }
}

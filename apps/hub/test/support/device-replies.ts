import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { MqttClient } from 'mqtt';
import { ABOUT_LAMPPOST_SQL } from './stored-readings.js';

/** What a device hears back on its `.../rejected` topic. */
export interface RejectionReply {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly seq?: number;
}

/**
 * Collects the refusal replies a device receives. Subscribe once per device, then `next(kind)`
 * waits (bounded) for the next reply on that kind's rejected topic.
 */
export async function listenForRejections(
  device: MqttClient,
  topicPrefix: string,
): Promise<{ next(kind: string, timeoutMs?: number): Promise<RejectionReply> }> {
  const queues = new Map<string, RejectionReply[]>();
  const waiters = new Map<string, (reply: RejectionReply) => void>();
  device.on('message', (topic, body) => {
    const kind = topic.slice(topicPrefix.length).replace(/\/rejected$/, '');
    const reply = JSON.parse(body.toString('utf8')) as RejectionReply;
    const waiter = waiters.get(kind);
    if (waiter) {
      waiters.delete(kind);
      waiter(reply);
    } else queues.set(kind, [...(queues.get(kind) ?? []), reply]);
  });
  await device.subscribeAsync(`${topicPrefix}+/rejected`, { qos: 1 });
  return {
    next: (kind, timeoutMs = 10_000) => {
      const queued = queues.get(kind)?.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(kind);
          reject(new Error(`no rejection reply on ${kind} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(kind, (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
      });
    },
  };
}

/** Publishes at QoS 1 and resolves with `true` once PUBACKed, `false` if the connection closed first. */
export function publishAcked(
  device: MqttClient,
  topic: string,
  payload: string | Buffer,
  timeoutMs = 10_000,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no PUBACK and no close within ${timeoutMs} ms for ${topic}`)),
      timeoutMs,
    );
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    device.once('close', onClose);
    device.publishAsync(topic, payload, { qos: 1 }).then(
      () => {
        clearTimeout(timer);
        device.off('close', onClose);
        resolve(true);
      },
      () => undefined, // a close settles it
    );
  });
}

/** Counts events in the hub's SQLite log by type and lamppost (a separate read-only connection). */
export function countEvents(dataDir: string, type: string, lamppost: string): number {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare(`SELECT count(*) AS n FROM events WHERE type = ? AND ${ABOUT_LAMPPOST_SQL}`)
        .get(type, lamppost, lamppost) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

/** `/health/live` answers 200 within `timeoutMs`. */
export async function isLive(httpPort: number, timeoutMs = 10_000): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${httpPort}/health/live`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  return response.status === 200;
}

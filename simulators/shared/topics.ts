import { isSensorKind, SENSOR_KINDS, type SensorKind } from '@hub/contracts';

/** The hub's fixed MQTT interface: one topic per reading, rejections on a sibling topic. */

/** Parses `temperature,sound` or `all`; throws on an unknown name. */
export function parseKinds(list: string): SensorKind[] {
  if (list.trim() === 'all') return [...SENSOR_KINDS];
  const kinds = list
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  for (const k of kinds) {
    if (!isSensorKind(k))
      throw new Error(`unknown kind "${k}" (known: ${SENSOR_KINDS.join(', ')})`);
  }
  return kinds as SensorKind[];
}

export function topicPrefix(lab: string, lamppost: string): string {
  return `labs/${lab}/lampposts/${lamppost}`;
}

export function readingTopic(prefix: string, kind: string): string {
  return `${prefix}/${kind}`;
}

export function rejectedTopic(prefix: string, kind: string): string {
  return `${prefix}/${kind}/rejected`;
}

/** What the hub sends back on a rejected topic. */
export interface Rejection {
  code: string;
  message?: string;
  field?: string;
  seq?: number;
}

/** Reads a rejection defensively: a hub under development may send something unexpected. */
export function parseRejection(payload: Buffer): Rejection {
  try {
    const body: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof body === 'object' && body !== null) {
      const r = body as Record<string, unknown>;
      return {
        code: typeof r.code === 'string' ? r.code : 'UNPARSEABLE_REJECTION',
        message: typeof r.message === 'string' ? r.message : undefined,
        field: typeof r.field === 'string' ? r.field : undefined,
        seq: typeof r.seq === 'number' ? r.seq : undefined,
      };
    }
  } catch {
    // fall through: counted under its own code so it shows in the summary
  }
  return { code: 'UNPARSEABLE_REJECTION' };
}

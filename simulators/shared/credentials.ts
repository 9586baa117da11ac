import { readFile } from 'node:fs/promises';

export interface DeviceCredentials {
  username: string;
  password: string;
  /** From a `hubctl device provision --json` output; overrides the computed topic prefix. */
  topicPrefix?: string;
}

/** Lamppost id -> credentials, in file order. */
export type CredentialMap = Map<string, DeviceCredentials>;

const PREFIX_PATTERN = /^labs\/[^/]+\/lampposts\/([^/]+)\/?$/;

function readEntry(value: unknown, where: string): DeviceCredentials {
  if (typeof value !== 'object' || value === null) throw new Error(`${where}: not an object`);
  const v = value as Record<string, unknown>;
  if (typeof v.username !== 'string' || typeof v.password !== 'string') {
    throw new Error(`${where}: needs string "username" and "password"`);
  }
  const entry: DeviceCredentials = { username: v.username, password: v.password };
  if (typeof v.topicPrefix === 'string') entry.topicPrefix = v.topicPrefix.replace(/\/$/, '');
  return entry;
}

function idOfProvisionOutput(value: unknown, index: number): string {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  for (const key of ['lamppost', 'lamppostId', 'id']) {
    const id = v[key];
    if (typeof id === 'string' && id.length > 0) return id;
  }
  const prefix = typeof v.topicPrefix === 'string' ? PREFIX_PATTERN.exec(v.topicPrefix) : null;
  if (prefix?.[1]) return prefix[1];
  throw new Error(`credentials[${index}]: no lamppost id (give "lamppost" or a "topicPrefix")`);
}

/**
 * Accepts either `{ "<lamppostId>": {"username","password"} }` or a list of
 * `hubctl device provision --json` outputs (`{"username","password","topicPrefix"}`), where the
 * lamppost id is read from `lamppost`/`lamppostId`/`id` or from the topic prefix.
 */
export function parseCredentials(json: unknown): CredentialMap {
  const map: CredentialMap = new Map();
  if (Array.isArray(json)) {
    json.forEach((item, i) =>
      map.set(idOfProvisionOutput(item, i), readEntry(item, `credentials[${i}]`)),
    );
    return map;
  }
  if (typeof json === 'object' && json !== null) {
    for (const [id, value] of Object.entries(json))
      map.set(id, readEntry(value, `credentials.${id}`));
    return map;
  }
  throw new Error(
    'credentials: expected an object keyed by lamppost id or a list of provision outputs',
  );
}

export async function loadCredentials(path: string): Promise<CredentialMap> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`credentials file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseCredentials(json);
}

import { resolve } from 'node:path';
import { dataDirFiles } from '@hub/config';
import type { EventStoreConfig } from '@hub/event-store';
import { StoreCopyError } from './store-copy-errors.js';

/** Where a log lives, as `hubctl store copy` names it. */
export interface StoreLocation {
  readonly kind: EventStoreConfig['kind'];
  /** For logs and output: the URL without a password. */
  readonly shown: string;
  /** SQLite only: the hub data dir whose lock the copy takes. */
  readonly dataDir?: string;
  readonly config: EventStoreConfig;
}

/**
 * One URL form per store:
 * - `sqlite:<data dir>`: the hub data dir (the log is its `events.sqlite`), relative or absolute;
 * - `postgres://…` or `postgresql://…`: a libpq connection URL, as `HUB_POSTGRES_URL`;
 * - `esdb://…` or `esdb+discover://…`: an EventStoreDB connection string, as `HUB_EVENTSTORE_URL`.
 */
export function parseStoreUrl(url: string, flag: '--from' | '--to'): StoreLocation {
  const empty = { file: '' };
  if (url.startsWith('sqlite:')) {
    const dir = url.slice('sqlite:'.length);
    if (dir === '') {
      throw new StoreCopyError('BAD_STORE_URL', `${flag} sqlite: needs a data dir (sqlite:./data)`);
    }
    const dataDir = resolve(dir);
    return {
      kind: 'sqlite',
      shown: `sqlite:${dataDir}`,
      dataDir,
      config: { kind: 'sqlite', sqlite: { file: dataDirFiles(dataDir).events } },
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return {
      kind: 'postgres',
      shown: redactPassword(url),
      config: { kind: 'postgres', sqlite: empty, postgresUrl: url },
    };
  }
  if (/^esdb(\+discover)?:\/\//.test(url)) {
    return {
      kind: 'eventstoredb',
      shown: redactPassword(url),
      config: { kind: 'eventstoredb', sqlite: empty, eventStoreDbUrl: url },
    };
  }
  throw new StoreCopyError(
    'BAD_STORE_URL',
    `${flag} "${redactPassword(url)}" is not a store URL: use sqlite:<data dir>, postgres://… or esdb://…`,
  );
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}

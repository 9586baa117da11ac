import { existsSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { dataDirFiles, isDataDirRefusal, openDataDir, type DataDirLease } from '@hub/config';
import {
  createEventStore,
  EventStoreError,
  type EventStore,
  type RecordedEvent,
} from '@hub/event-store';
import { RULE_STREAM_PREFIX, verifyStoredChain, type LabChainReport } from '@hub/governance';
import { CommandError, createOutput, type Output } from '../output.js';
import { copyLog, type CopyProgress } from '../store-copy/copy-log.js';
import { StoreCopyError } from '../store-copy/store-copy-errors.js';
import { parseStoreUrl, type StoreLocation } from '../store-copy/store-url.js';

interface Options {
  from: string;
  to: string;
  batchSize: number;
  limit?: number;
  json?: boolean;
}

const HOLDER = 'hubctl store copy';

const positiveInteger = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('a positive integer');
  return n;
};

/**
 * `hubctl store copy --from <url> --to <url>`: moves a whole event log between SQLite,
 * PostgreSQL and EventStoreDB (see docs/store-copy.md). A SQLite side is locked like a hub's data
 * dir, so a running hub is never copied from or into.
 */
export function registerStoreCopy(parent: Command): void {
  parent
    .command('copy')
    .description(
      'copy a whole event log between stores (sqlite:<data dir>, postgres://…, esdb://…); resumable, verified by count and hash',
    )
    .requiredOption('--from <url>', 'the source log')
    .requiredOption('--to <url>', 'the target log: empty, or a partial copy of the source')
    .option('--batch-size <n>', 'events per read and per write transaction', positiveInteger, 1000)
    .option('--limit <n>', 'copy at most this many events in this run', positiveInteger)
    .option('--json', 'print the result as one JSON object')
    .action(async (options: Options) => {
      const out = createOutput(options.json === true);
      try {
        await copy(options, out);
      } catch (error) {
        if (error instanceof StoreCopyError) {
          if (out.json) out.result({ error: { code: error.code, reason: error.reason } }, '');
          throw new CommandError(error.message);
        }
        if (isDataDirRefusal(error)) throw new CommandError(error.message);
        if (error instanceof EventStoreError) {
          // The adapters' refusals (STORE_UNAVAILABLE, IMPORT_OUT_OF_ORDER, …) by their codes.
          if (out.json) out.result({ error: { code: error.code, reason: error.message } }, '');
          throw new CommandError(`${error.code}: ${error.message}`);
        }
        throw error;
      }
    });
}

async function copy(options: Options, out: Output): Promise<void> {
  const from = parseStoreUrl(options.from, '--from');
  const to = parseStoreUrl(options.to, '--to');
  if (from.shown === to.shown) {
    throw new StoreCopyError('SAME_STORE', `--from and --to are the same log (${from.shown})`);
  }
  if (from.dataDir && !existsSync(dataDirFiles(from.dataDir).events)) {
    throw new StoreCopyError(
      'SOURCE_MISSING',
      `${from.shown} holds no event log (${dataDirFiles(from.dataDir).events} does not exist)`,
    );
  }
  const leases: DataDirLease[] = [];
  const stores: EventStore[] = [];
  try {
    for (const side of [from, to]) {
      if (side.dataDir) leases.push(openDataDir(side.dataDir, HOLDER));
    }
    const source = await open(from);
    stores.push(source);
    const target = await open(to);
    stores.push(target);
    await run(source, target, from, to, options, out);
  } finally {
    for (const store of stores) await store.close().catch(() => undefined);
    for (const lease of leases) lease.release();
  }
}

const open = (side: StoreLocation): Promise<EventStore> => createEventStore(side.config);

async function run(
  source: EventStore,
  target: EventStore,
  from: StoreLocation,
  to: StoreLocation,
  options: Options,
  out: Output,
): Promise<void> {
  // Rule chains seen in the source (one entry per lab) and the last revision of each.
  const chains = new Map<string, number>();
  const noteChain = (event: RecordedEvent) => {
    if (event.streamId.startsWith(RULE_STREAM_PREFIX)) chains.set(event.streamId, event.revision);
  };
  const progress = progressReporter(out);
  let result;
  try {
    result = await copyLog({
      source,
      target,
      batchSize: options.batchSize,
      limit: options.limit,
      onProgress: (p) => progress.update(p),
      onSourceEvent: noteChain,
    });
  } finally {
    progress.stop();
  }

  // The privacy rule chains, verified on the target through its own reads.
  let labs: LabChainReport[] = [];
  if (result.complete) {
    labs = await Promise.all(
      [...chains].map(([stream, revision]) =>
        verifyStoredChain(target, stream.slice(RULE_STREAM_PREFIX.length), {
          revision,
          knownBy: 'the source log holds',
        }),
      ),
    );
  }
  const intact = labs.every((l) => l.intact);
  const summary = {
    from: from.shown,
    to: to.shown,
    mode: result.mode,
    complete: result.complete,
    kept: result.kept,
    copied: result.copied,
    events: result.events,
    sourceHash: result.sourceHash,
    targetHash: result.targetHash,
    verified: true,
    chains: { checked: result.complete, intact, labs },
    elapsedMs: Math.round(result.elapsedMs),
    eventsPerSec: Math.round(result.eventsPerSec),
  };
  if (!intact) {
    const broken = labs.filter((l) => !l.intact);
    if (out.json) {
      out.result({ ...summary, error: { code: 'CHAIN_BROKEN', reason: 'see chains' } }, '');
    }
    throw new CommandError(
      `CHAIN_BROKEN: the copy's rule chain of ${broken.map((l) => `${l.lab} (${l.break?.reason})`).join(', ')} does not verify`,
    );
  }
  out.result(
    summary,
    [
      `${result.complete ? 'copied' : 'partly copied'} ${from.shown} -> ${to.shown} (${result.mode})`,
      `${result.copied} events copied, ${result.kept} already there, ${result.events} in the target`,
      `verified: count and hash ${result.targetHash.slice(0, 16)}… equal on both sides`,
      result.complete
        ? `rule chains: ${labs.length === 0 ? 'none in the log' : `${labs.length} intact`}`
        : `stopped by --limit: run the same command again to continue`,
    ].join('\n'),
  );
}

/** A bar on a terminal; on a pipe (scripts, CI) one line per second and one at the end. */
function progressReporter(out: Output) {
  const tty = process.stderr.isTTY === true;
  const bar = new SingleBar(
    {
      format: 'copy [{bar}] {value}/{total} events | {rate} events/s',
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  let lastLine = 0;
  let last: CopyProgress | undefined;
  let printed: CopyProgress | undefined;
  const line = (p: CopyProgress) => {
    printed = p;
    out.note(
      `copy: ${p.done}/${p.total} events (${p.copiedThisRun} this run), ${Math.round(p.eventsPerSec)} events/s`,
    );
  };
  return {
    update(p: CopyProgress): void {
      last = p;
      if (tty) {
        if (!started) bar.start(Math.max(p.total, p.done), p.done, { rate: 0 });
        started = true;
        bar.setTotal(Math.max(p.total, p.done));
        bar.update(p.done, { rate: Math.round(p.eventsPerSec) });
        return;
      }
      if (Date.now() - lastLine < 1000) return;
      lastLine = Date.now();
      line(p);
    },
    stop(): void {
      if (started) bar.stop();
      else if (last && last !== printed) line(last);
    },
  };
}

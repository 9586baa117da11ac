import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import {
  isDataDirRefusal,
  openDataDir,
  withDataDir,
  type DataDirLease,
  type HubctlConfig,
} from '@hub/config';
import { createEventStore, ProjectionRunner } from '@hub/event-store';
import { FEED_PROJECTIONS, openReadModelDb } from '@hub/feeds';
import { CommandError, createOutput } from '../output.js';

interface Options {
  dataDir?: string;
  json?: boolean;
}

/**
 * `hubctl projections rebuild`: empties the read models and replays the whole log into them,
 * with a progress bar and the events/s figure. Works on the data dir directly, so it takes the
 * data dir lock like a hub does: refused while a hub (or another rebuild) holds it.
 */
export function registerProjectionsRebuild(parent: Command, config: () => HubctlConfig): void {
  parent
    .command('rebuild')
    .description('rebuild every read model from the event log (stop the hub first)')
    .option('--data-dir <dir>', 'the hub data dir (default: HUB_DATA_DIR or ./data)')
    .option('--json', 'print the result as one JSON object')
    .action(async (options: Options) => {
      const out = createOutput(options.json === true);
      const base = config().hub;
      const hub = options.dataDir ? withDataDir(base, options.dataDir) : base;
      let lease: DataDirLease;
      try {
        lease = openDataDir(hub.dataDir, 'hubctl projections rebuild');
      } catch (error) {
        if (isDataDirRefusal(error)) {
          throw new CommandError(error.message);
        }
        throw error;
      }
      try {
        await rebuild(hub, out);
      } finally {
        lease.release();
      }
    });
}

async function rebuild(
  hub: HubctlConfig['hub'],
  out: ReturnType<typeof createOutput>,
): Promise<void> {
  const store = await createEventStore(hub.eventStore);
  const db = openReadModelDb(hub.readModels.file);
  const bar = new SingleBar(
    {
      format: 'rebuild [{bar}] {percentage}% | {value}/{total} events | {rate} events/s',
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  const head = await store.headPosition();
  // Scripts and CI have no terminal: they get a progress line per second instead of a bar.
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  const progress = (
    p: { position: number; processed: number; eventsPerSec: number },
    final = false,
  ) => {
    const rate = Math.round(p.eventsPerSec);
    if (tty) return bar.update(p.position, { rate });
    if (!final && Date.now() - lastLine < 1000) return;
    lastLine = Date.now();
    out.note(`rebuild: position ${p.position}/${head}, ${p.processed} events, ${rate} events/s`);
  };
  if (tty) bar.start(head, 0, { rate: 0 });
  try {
    const runner = new ProjectionRunner({ store, db, projections: FEED_PROJECTIONS });
    const result = await runner.rebuild({
      onProgress: (p) => progress(p),
    });
    progress(result, true);
    bar.stop();
    out.result(
      {
        projections: FEED_PROJECTIONS.map((p) => p.name),
        events: result.processed,
        position: result.position,
        elapsedMs: Math.round(result.elapsedMs),
        eventsPerSec: Math.round(result.eventsPerSec),
      },
      `rebuilt ${FEED_PROJECTIONS.length} read models from ${result.processed} events in ${Math.round(result.elapsedMs)} ms (${Math.round(result.eventsPerSec)} events/s)`,
    );
  } finally {
    bar.stop();
    db.close();
    await store.close();
  }
}

// npm run bench:boot — start-up time and disk per reading of the built hub against the size of its
// log. Prints progress, then ONE JSON line (the last line) with the results. Temp files only.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startHubProcess, type HubProcess } from '../../ingest/bench/support/processes.js';
import { provisionDevices } from '../../ingest/bench/support/provision.js';
import { runLoadProcess } from '../../ingest/bench/support/load-process.js';
import { checkpointAndMeasure, type DiskFigures } from './support/disk-usage.js';
import { appendReadings, waitForProjections } from './support/fill-readings.js';

const { values: flags } = parseArgs({
  options: {
    readings: { type: 'string', default: '1000000' },
    boots: { type: 'string', default: '3' },
    devices: { type: 'string', default: '40' },
    keep: { type: 'boolean', default: false },
    /** A dir kept by an earlier run (--keep) with the same --readings: boots timed on its data. */
    reuse: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(
    [
      'npm run bench:boot -- [flags]',
      '  --readings N   temperature readings in the full data dir (1000000)',
      '  --boots N      timed boots per data dir; the figure is their median (3)',
      '  --devices N    lampposts the readings are spread over (40)',
      '  --keep         keep the temp dir (hub logs, data dirs)',
      '  --reuse DIR    time the boots on the data dirs of a kept run (same --readings; no fill)',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const READINGS = Math.max(1, Math.round(Number(flags.readings)));
const BOOTS = Math.max(1, Math.round(Number(flags.boots)));
const DEVICES = Math.max(1, Math.round(Number(flags.devices)));
/** The lab whose privacy rule set ships with the hub (libs/privacy/rules/scheveningen.json). */
const LAB = 'scheveningen';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const dir = flags.reuse ? resolve(flags.reuse) : mkdtempSync(join(tmpdir(), 'bench-boot-'));
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const HUB_ENV = { HUB_MQTT_MESSAGES_PER_SEC: '0', HUB_MQTT_MAX_PENDING_PER_IP: '1000' };

/** A fresh parent per data dir: the hub writes its log next to the data dir (`../hub.log`). */
function dataDir(name: string): string {
  const parent = join(dir, name);
  if (!flags.reuse) mkdirSync(parent, { mode: 0o700 });
  return join(parent, 'data');
}

/** Milliseconds from spawning `node dist/apps/hub/src/main.js` to its /health/ready (20 ms polls). */
async function timeBoot(data: string): Promise<number> {
  const t0 = performance.now();
  const hub = await startHubProcess(root, data, HUB_ENV, [], 20, 10 * 60_000);
  const ms = performance.now() - t0;
  await hub.stop();
  return ms;
}

/**
 * The full data dir: a lab and its lampposts provisioned through GraphQL, a few seconds of real
 * temperature readings through MQTT (so every event the ingest path writes is its own), then
 * READINGS readings appended straight to the log, each a copy of a real one with the next seq,
 * and the projections caught up by the hub itself.
 */
async function fill(data: string): Promise<{ fillSec: number; catchUpSec: number }> {
  let hub: HubProcess = await startHubProcess(root, data, HUB_ENV);
  const ids = Array.from({ length: DEVICES }, (_, i) => `lp-${String(i).padStart(3, '0')}`);
  const devices = await provisionDevices(hub.httpPort, hub.adminToken(), LAB, ids);
  const credentialsFile = join(dir, 'credentials.json');
  writeFileSync(credentialsFile, JSON.stringify(devices));
  const load = await runLoadProcess(root, {
    broker: hub.mqttUrl,
    devices: DEVICES,
    rate: DEVICES * 5,
    inflight: 1,
    durationSec: 2,
    credentialsFile,
    lab: LAB,
  });
  log(`real readings through MQTT: ${JSON.stringify(load).slice(0, 200)}`);
  await hub.stop();
  const t0 = performance.now();
  const { lastPosition } = await appendReadings(join(data, 'events.sqlite'), READINGS);
  const fillSec = (performance.now() - t0) / 1000;
  log(`appended ${READINGS} readings in ${fillSec.toFixed(1)} s (last position ${lastPosition})`);
  const t1 = performance.now();
  hub = await startHubProcess(root, data, HUB_ENV, [], 100, 30 * 60_000);
  await waitForProjections(join(data, 'read-models.sqlite'), lastPosition, 30 * 60_000);
  await hub.stop();
  const catchUpSec = (performance.now() - t1) / 1000;
  log(`projections caught up in ${catchUpSec.toFixed(1)} s`);
  return { fillSec, catchUpSec };
}

try {
  const empty = dataDir('empty');
  const full = dataDir('full');
  let fillSec = 0;
  let catchUpSec = 0;
  if (!flags.reuse) {
    await timeBoot(empty); // first boot writes the tokens and the schema: not timed
    ({ fillSec, catchUpSec } = await fill(full));
  } else {
    // The first boot of a new hub on a kept dir migrates it: not timed.
    await timeBoot(empty);
    await startHubProcess(root, full, HUB_ENV, [], 100, 10 * 60_000).then((hub) => hub.stop());
  }
  const disk: DiskFigures = checkpointAndMeasure(full, READINGS);
  log(`disk: ${JSON.stringify(disk)}`);
  // Alternate the two data dirs so that a change of machine load hits both alike.
  const emptyMs: number[] = [];
  const fullMs: number[] = [];
  for (let i = 0; i < BOOTS; i++) {
    emptyMs.push(await timeBoot(empty));
    fullMs.push(await timeBoot(full));
    log(`boot ${i + 1}: empty ${emptyMs[i].toFixed(0)} ms, full ${fullMs[i].toFixed(0)} ms`);
  }
  const bootMsEmpty = Math.round(median(emptyMs));
  const bootMsAtNReadings = Math.round(median(fullMs));
  log(
    JSON.stringify({
      readings: READINGS,
      bootMsEmpty,
      bootMsAtNReadings,
      ...(READINGS === 1_000_000 && { bootMsAt1MReadings: bootMsAtNReadings }),
      bootRatio: Number((bootMsAtNReadings / bootMsEmpty).toFixed(2)),
      bytesPerReading: disk.bytesPerReading,
      logBytes: disk.logBytes,
      readModelBytes: disk.readModelBytes,
      readingJsonBytes: disk.readingJsonBytes,
      bytesByTable: disk.bytesByTable,
      fillSec: Number(fillSec.toFixed(1)),
      catchUpSec: Number(catchUpSec.toFixed(1)),
    }),
  );
} finally {
  if (!flags.keep && !flags.reuse) rmSync(dir, { recursive: true, force: true });
  else log(`kept ${dir}`);
}

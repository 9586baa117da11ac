import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LoadResult } from '../../../simulators/load/index.js';
import { cpuMicrosPerMessage, cpuTime } from './support/cpu-time.js';
import { runLoadProcess, type LoadProcessOptions } from './support/load-process.js';
import {
  counterValue,
  rssMiB,
  startHubProcess,
  startBareAedes,
  startMosquitto,
  type HubProcess,
} from './support/processes.js';
import { startHistoryProbe, type HistoryProbeResult } from './support/history-probe.js';
import { provisionDevices, type ProvisionedDevice } from './support/provision.js';
import { hubEnvFlags } from '../../../tools/bench/hub-env-flag.js';

/**
 * Ingest benchmark (issue 4, Performance): the real hub as a child process with durable SQLite
 * ingest, and Debian's mosquitto as the reference broker, driven by the same load generator
 * (simulators/load, its own process) with 100 devices publishing temperature at QoS 1.
 * Last line of stdout: one JSON object. Flags: see `--help`.
 */

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    devices: { type: 'string', default: '100' },
    inflight: { type: 'string', default: '10' },
    idle: { type: 'string', default: '2000' },
    'idle-processes': { type: 'string', default: '2' },
    'no-idle': { type: 'boolean', default: false },
    'no-sweep': { type: 'boolean', default: false },
    sweep: { type: 'string', default: '0.1,0.25,0.5,0.75,1,1.5' },
    'history-rate': { type: 'string', default: '20' },
    'history-page': { type: 'string', default: '20' },
    'projections-thread': { type: 'string' },
    'queries-thread': { type: 'string' },
    'sweep-duration': { type: 'string', default: '3' },
    mosquitto: { type: 'string', default: '/usr/sbin/mosquitto' },
    keep: { type: 'boolean', default: false },
    'hub-cpu-prof': { type: 'string' },
    'hub-node-flags': { type: 'string', default: '' },
    'hub-env': { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  process.stdout.write(
    [
      'npm run bench:ingest -- [flags]',
      '  --runs N            repetitions of each measurement; medians are reported (3)',
      '  --duration S        seconds per throughput/latency run (5)',
      '  --devices N         load devices, each its own provisioned account (100)',
      '  --inflight N        unacknowledged messages per device in max mode (10)',
      '  --idle N            idle devices, each its own provisioned account and connection,',
      '                      held for the RSS figure (2000: provisioning and first login cost',
      '                      one scrypt hash each, 50-80 ms a device in all on 2 cores, so',
      '                      2000 take about 2-3 min)',
      '  --idle-processes N  processes opening them (2)',
      '  --no-idle           skip the idle-connection stage',
      '  --no-sweep          skip the offered-load sweep (the plot in docs/benchmarks.md)',
      "  --sweep LIST        offered rates as fractions of the hub's max (0.1,0.25,0.5,0.75,1,1.5)",
      '  --sweep-duration S  seconds per sweep point (3)',
      '  --history-rate N    GraphQL history queries per second during the half-load runs and',
      '                      the idle reference before them (20; 0 = none)',
      '  --history-page N    readings per history query (`last`, 20)',
      "  --projections-thread worker|main  the hub's HUB_PROJECTIONS_THREAD (its default)",
      "  --queries-thread worker|main      the hub's HUB_QUERIES_THREAD (its default)",
      '  --mosquitto PATH    reference broker binary (/usr/sbin/mosquitto)',
      '  --keep              keep the temp dir (hub log, data)',
      "  --hub-cpu-prof DIR  write the hub's CPU profile (node --cpu-prof) into DIR",
      "  --hub-node-flags S  more flags for the hub's node, space-separated (to compare builds)",
      '  --hub-env K=V       a setting for the hub (repeatable), e.g. --hub-env HUB_GROUP_COMMIT_MS=0',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const num = (name: keyof typeof flags): number => {
  const n = Number(flags[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
};
const RUNS = Math.max(1, Math.round(num('runs')));
const DURATION = num('duration');
const DEVICES = Math.round(num('devices'));
const INFLIGHT = Math.round(num('inflight'));
const IDLE = flags['no-idle'] ? 0 : Math.round(num('idle'));
const IDLE_PROCESSES = Math.max(1, Math.round(num('idle-processes')));
/**
 * Logins in flight per idle process. Each is a first login that waits for the hub's KDF check
 * (libuv's 4 threads), so 16 in all keep them busy and stay far below the hub's cap of 64
 * not-logged-in sockets per address (HUB_MQTT_MAX_PENDING_PER_IP), which would evict the rest.
 */
const IDLE_PARALLEL = Math.max(1, Math.floor(16 / IDLE_PROCESSES));
const SWEEP = flags['no-sweep']
  ? []
  : flags.sweep
      .split(',')
      .map(Number)
      .filter((f) => f > 0);
const SWEEP_DURATION = num('sweep-duration');
const HISTORY_RATE = num('history-rate');
const HISTORY_PAGE = Math.round(num('history-page'));
/** The lab whose privacy rule set ships with the hub (libs/privacy/rules/scheveningen.json). */
const LAB = 'scheveningen';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface SweepPoint {
  broker: 'hub' | 'mosquitto';
  offeredRate: number;
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
  skipped: number;
}

function describe(r: LoadResult): string {
  return `${r.achievedRate} msgs/s (sent ${r.sent}, acked ${r.acked}), p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms${r.errors ? `, ${r.errors} errors: ${r.errorMessages.join('; ')}` : ''}`;
}

/**
 * Connects every idle device once (client id = its username) from helper processes, each with a
 * disjoint slice of the devices; resolves once all are settled.
 */
async function openIdle(
  hub: HubProcess,
  devices: ProvisionedDevice[],
): Promise<{ children: ChildProcess[]; connected: number; failed: number; errors: string[] }> {
  const script = join(root, 'dist/libs/ingest/bench/idle-clients.js');
  const children: ChildProcess[] = [];
  const results = await Promise.all(
    Array.from({ length: IDLE_PROCESSES }, (_, p) => {
      const child = spawn(
        process.execPath,
        [
          script,
          JSON.stringify({
            broker: hub.mqttUrl,
            parallel: IDLE_PARALLEL,
            keepaliveSec: 300,
            accounts: devices
              .filter((_, i) => i % IDLE_PROCESSES === p)
              .map(({ username, password }) => ({ username, password })),
          }),
        ],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      children.push(child);
      return new Promise<{ connected: number; failed: number; errors: string[] }>((res, rej) => {
        let out = '';
        child.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) {
            res(
              JSON.parse(out.split('\n')[0]) as {
                connected: number;
                failed: number;
                errors: string[];
              },
            );
          }
        });
        child.once('exit', (code) => rej(new Error(`idle client process exited with ${code}`)));
      });
    }),
  );
  return {
    children,
    connected: results.reduce((s, r) => s + r.connected, 0),
    failed: results.reduce((s, r) => s + r.failed, 0),
    errors: [...new Set(results.flatMap((r) => r.errors))],
  };
}

async function closeIdle(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((res) => {
          if (c.exitCode !== null) return res();
          c.once('exit', () => res());
          c.stdin?.end();
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

async function main(): Promise<void> {
  for (const needed of ['dist/apps/hub/src/main.js', 'dist/simulators/load/main.js']) {
    if (!existsSync(join(root, needed))) throw new Error(`${needed} missing: run npm run build`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const notes: string[] = [];
  // The defaults protect a public hub: 100 msgs/s per device (this load sends about 500 per
  // device), 1000 connections per address (the idle stage may hold more from loopback) and 64
  // not-logged-in sockets per address (the load's devices all connect at once from loopback, and
  // each first login waits for the KDF check, so the hub would evict the oldest of them).
  const hubEnv = {
    HUB_MQTT_MESSAGES_PER_SEC: '0',
    HUB_MQTT_MAX_CONNECTIONS_PER_IP: '0',
    HUB_MQTT_MAX_PENDING_PER_IP: '1000',
    ...(flags['projections-thread'] && { HUB_PROJECTIONS_THREAD: flags['projections-thread'] }),
    ...(flags['queries-thread'] && { HUB_QUERIES_THREAD: flags['queries-thread'] }),
    ...hubEnvFlags(flags['hub-env']),
  };
  notes.push(
    'hub started with HUB_MQTT_MESSAGES_PER_SEC=0, HUB_MQTT_MAX_CONNECTIONS_PER_IP=0 and HUB_MQTT_MAX_PENDING_PER_IP=1000 (per-device rate and per-address limits off or raised: every client is on loopback and the load exceeds them by design)',
  );
  log(`ingest bench: ${RUNS} runs, ${DURATION} s each, ${DEVICES} devices, inflight ${INFLIGHT}`);
  const profile = flags['hub-cpu-prof'];
  const hub = await startHubProcess(root, dataDir, hubEnv, [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profile)}`] : []),
    ...flags['hub-node-flags'].split(' ').filter(Boolean),
  ]);
  const mosquitto = existsSync(flags.mosquitto) ? await startMosquitto(dir, flags.mosquitto) : null;
  if (!mosquitto) notes.push(`mosquitto not found at ${flags.mosquitto}: no reference measured`);
  const bare = await startBareAedes(root, dir);
  try {
    const ids = Array.from(
      { length: DEVICES },
      (_, i) => `bench-${String(i + 1).padStart(4, '0')}`,
    );
    const t0 = performance.now();
    const devices = await provisionDevices(hub.httpPort, hub.adminToken(), LAB, ids);
    log(
      `provisioned ${devices.length} devices through GraphQL in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const credentialsFile = join(dir, 'credentials.json');
    writeFileSync(credentialsFile, JSON.stringify(devices));
    const load = (broker: string, rate: number, durationSec: number): LoadProcessOptions => ({
      broker,
      devices: DEVICES,
      rate,
      inflight: INFLIGHT,
      durationSec,
      credentialsFile,
    });

    // Idle connections first, on a hub that has seen no load yet. Each is its own device: the hub
    // allows one connection per device identity (client id = username), so shared accounts would
    // be refused or replace each other.
    let idleConnections = 0;
    let rssBeforeIdle = rssMiB(hub.pid);
    let rssAtIdle: number | null = null;
    if (IDLE > 0) {
      const t1 = performance.now();
      const idleIds = Array.from(
        { length: IDLE },
        (_, i) => `idle-${String(i + 1).padStart(5, '0')}`,
      );
      const idleDevices = await provisionDevices(hub.httpPort, hub.adminToken(), LAB, idleIds);
      const provisionSec = (performance.now() - t1) / 1000;
      log(
        `provisioned ${idleDevices.length} idle devices through GraphQL in ${provisionSec.toFixed(1)} s (${(idleDevices.length / provisionSec).toFixed(0)}/s)`,
      );
      rssBeforeIdle = rssMiB(hub.pid);
      const t2 = performance.now();
      const idle = await openIdle(hub, idleDevices);
      const connectSec = (performance.now() - t2) / 1000;
      await sleep(2000); // let the hub settle (GC, buffers) before reading its RSS
      idleConnections = idle.connected;
      rssAtIdle = rssMiB(hub.pid);
      log(
        `idle: ${idle.connected} connections held (${idle.failed} failed${idle.errors.length ? `: ${idle.errors.join('; ')}` : ''}) in ${connectSec.toFixed(1)} s; hub RSS ${rssBeforeIdle.toFixed(0)} -> ${rssAtIdle.toFixed(0)} MiB`,
      );
      notes.push(
        `idle connections: ${IDLE} devices, each its own provisioned account and connection (client id = username), because the hub allows one connection per device identity; provisioning took ${provisionSec.toFixed(0)} s and connecting ${connectSec.toFixed(0)} s, as each device costs one scrypt hash when provisioned and one scrypt check at its first login, hence a default of 2,000 rather than 10,000 (--idle N for more)`,
      );
      await closeIdle(idle.children);
      await sleep(1000);
    }

    // Every device logs in once before anything is measured: a first login costs a KDF check
    // (scrypt, on libuv's threads), and 100 of them inside the first max run took as much CPU as
    // its readings. The hub remembers a verified login, so later connections cost no KDF check.
    const warmUp = await runLoadProcess(root, load(hub.mqttUrl, DEVICES, 2));
    log(`warm-up, hub (every device logs in once): ${describe(warmUp)}`);

    // Maximum throughput, hub and mosquitto interleaved so both see the same machine.
    const before = await hub.metrics();
    // CPU time over the whole phase (a process's background work after its run counts too):
    // unlike messages per second it hardly moves with what else the machine runs.
    const cpuBefore = {
      hub: cpuTime(hub.pid),
      mosquitto: mosquitto && cpuTime(mosquitto.pid),
      bare: cpuTime(bare.pid),
    };
    const hubRuns: LoadResult[] = [];
    const mosquittoRuns: LoadResult[] = [];
    const bareRuns: LoadResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      const h = await runLoadProcess(root, load(hub.mqttUrl, 0, DURATION));
      hubRuns.push(h);
      log(`max, hub       run ${i + 1}: ${describe(h)}`);
      if (mosquitto) {
        const m = await runLoadProcess(root, load(mosquitto.url, 0, DURATION));
        mosquittoRuns.push(m);
        log(`max, mosquitto run ${i + 1}: ${describe(m)}`);
      }
      const b = await runLoadProcess(root, load(bare.url, 0, DURATION));
      bareRuns.push(b);
      log(`max, bare aedes + append run ${i + 1}: ${describe(b)}`);
    }
    const after = await hub.metrics();
    const cpuAfter = {
      hub: cpuTime(hub.pid),
      mosquitto: mosquitto && cpuTime(mosquitto.pid),
      bare: cpuTime(bare.pid),
    };
    const acked = hubRuns.reduce((s, r) => s + r.acked, 0);
    const ackedBy = (runs: LoadResult[]) => runs.reduce((s, r) => s + r.acked, 0);
    const cpu = {
      hubCpuUsPerMsg: cpuMicrosPerMessage(cpuBefore.hub, cpuAfter.hub, acked),
      hubMainThreadCpuUsPerMsg: cpuMicrosPerMessage(
        cpuBefore.hub,
        cpuAfter.hub,
        acked,
        'mainThread',
      ),
      mosquittoCpuUsPerMsg: cpuMicrosPerMessage(
        cpuBefore.mosquitto,
        cpuAfter.mosquitto,
        ackedBy(mosquittoRuns),
      ),
      bareAedesAppendCpuUsPerMsg: cpuMicrosPerMessage(
        cpuBefore.bare,
        cpuAfter.bare,
        ackedBy(bareRuns),
      ),
    };
    log(
      `CPU per message over the max runs: hub ${cpu.hubCpuUsPerMsg} us (main thread ${cpu.hubMainThreadCpuUsPerMsg}), mosquitto ${cpu.mosquittoCpuUsPerMsg}, bare aedes + append ${cpu.bareAedesAppendCpuUsPerMsg}`,
    );
    const stored =
      counterValue(after, 'hub_events_appended_total', 'type="ReadingRecorded"') -
      counterValue(before, 'hub_events_appended_total', 'type="ReadingRecorded"');
    const rejected =
      counterValue(after, 'hub_mqtt_messages_rejected_total') -
      counterValue(before, 'hub_mqtt_messages_rejected_total');
    log(
      `hub metrics over the max runs: ${stored} readings stored, ${rejected} rejected, ${acked} acked by the load`,
    );
    if (stored !== acked || rejected > 0) {
      notes.push(
        `WARNING: hub stored ${stored} readings and rejected ${rejected} for ${acked} acknowledged messages`,
      );
    }
    const hubMsgsPerSec = median(hubRuns.map((r) => r.achievedRate));
    const mosquittoMsgsPerSec = mosquittoRuns.length
      ? median(mosquittoRuns.map((r) => r.achievedRate))
      : null;
    const bareMsgsPerSec = median(bareRuns.map((r) => r.achievedRate));

    // History queries with no ingest: the reference for the same queries under load.
    const describeHistory = (h: HistoryProbeResult): string =>
      `${h.queries} history queries, p50 ${round2(h.p50Ms)} ms, p99 ${round2(h.p99Ms)} ms${h.errors ? `, ${h.errors} errors` : ''}`;
    let historyIdle: HistoryProbeResult | null = null;
    if (HISTORY_RATE > 0) {
      const probe = startHistoryProbe(hub.httpPort, hub.adminToken(), HISTORY_RATE, HISTORY_PAGE);
      await sleep(DURATION * 1000);
      historyIdle = await probe.stop();
      log(`history, no ingest: ${describeHistory(historyIdle)}`);
    }

    // Latency at 50% of the hub's measured maximum (open loop: a late ack does not slow the
    // sender), with GraphQL history queries at a steady rate meanwhile.
    const latencyRate = Math.round(hubMsgsPerSec / 2);
    const latencyRuns: LoadResult[] = [];
    const historyRuns: HistoryProbeResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      const probe =
        HISTORY_RATE > 0
          ? startHistoryProbe(hub.httpPort, hub.adminToken(), HISTORY_RATE, HISTORY_PAGE)
          : null;
      const r = await runLoadProcess(root, load(hub.mqttUrl, latencyRate, DURATION));
      latencyRuns.push(r);
      log(`at ${latencyRate}/s, hub run ${i + 1}: ${describe(r)}`);
      if (probe) {
        const h = await probe.stop();
        historyRuns.push(h);
        log(`  meanwhile: ${describeHistory(h)}`);
      }
    }

    // Throughput and latency against offered load, both brokers (the plot).
    const sweep: SweepPoint[] = [];
    for (const fraction of SWEEP) {
      const offered = Math.max(100, Math.round(hubMsgsPerSec * fraction));
      const targets: [SweepPoint['broker'], string][] = [['hub', hub.mqttUrl]];
      if (mosquitto) targets.push(['mosquitto', mosquitto.url]);
      for (const [name, url] of targets) {
        const r = await runLoadProcess(root, load(url, offered, SWEEP_DURATION));
        sweep.push({
          broker: name,
          offeredRate: offered,
          achievedRate: r.achievedRate,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          skipped: r.skipped,
        });
        log(`sweep ${name} offered ${offered}/s: ${describe(r)}`);
      }
    }

    // PUBACK p50 at a tenth of the hub's maximum, the hub against mosquitto in the same sweep.
    const tenth = Math.max(100, Math.round(hubMsgsPerSec * 0.1));
    const atTenth = (broker: SweepPoint['broker']) =>
      sweep.find((p) => p.broker === broker && p.offeredRate === tenth && !p.skipped)?.p50Ms;
    const hubP50AtTenth = atTenth('hub');
    const mosquittoP50AtTenth = atTenth('mosquitto');
    const result = {
      hubMsgsPerSec: Math.round(hubMsgsPerSec),
      mosquittoMsgsPerSec: mosquittoMsgsPerSec === null ? null : Math.round(mosquittoMsgsPerSec),
      ratio: mosquittoMsgsPerSec ? Number((hubMsgsPerSec / mosquittoMsgsPerSec).toFixed(3)) : null,
      // aedes + JSON parse + the same group-committed append, nothing else: what the hub's own
      // work (auth, validation, filter, projections, live feeds) is measured against.
      bareAedesAppendMsgsPerSec: Math.round(bareMsgsPerSec),
      ratioToBareAedesAppend: Number((hubMsgsPerSec / bareMsgsPerSec).toFixed(3)),
      // CPU microseconds per acknowledged message over the max runs, every thread of the process
      // (/proc, Linux): what a message costs, steadier than msgs/s on a shared machine.
      ...cpu,
      cpuRatioToBareAedesAppend:
        cpu.hubCpuUsPerMsg && cpu.bareAedesAppendCpuUsPerMsg
          ? Number((cpu.bareAedesAppendCpuUsPerMsg / cpu.hubCpuUsPerMsg).toFixed(3))
          : null,
      p50PubackMsAtTenth: hubP50AtTenth === undefined ? null : round2(hubP50AtTenth),
      mosquittoP50MsAtTenth: mosquittoP50AtTenth === undefined ? null : round2(mosquittoP50AtTenth),
      p50RatioToMosquittoAtTenth:
        hubP50AtTenth === undefined || !mosquittoP50AtTenth
          ? null
          : Number((hubP50AtTenth / mosquittoP50AtTenth).toFixed(2)),
      p50PubackMs: round2(median(latencyRuns.map((r) => r.p50Ms))),
      p99PubackMs: round2(median(latencyRuns.map((r) => r.p99Ms))),
      latencyTargetRate: latencyRate,
      latencyAchievedRate: Math.round(median(latencyRuns.map((r) => r.achievedRate))),
      // GraphQL history queries (last 20 readings, over HTTP) during the half-load runs, and the
      // same queries with no ingest just before them.
      historyP50MsUnderLoad: historyRuns.length
        ? round2(median(historyRuns.map((h) => h.p50Ms)))
        : null,
      historyP99MsUnderLoad: historyRuns.length
        ? round2(median(historyRuns.map((h) => h.p99Ms)))
        : null,
      historyP99MsIdle: historyIdle ? round2(historyIdle.p99Ms) : null,
      historyQueriesPerSec: HISTORY_RATE,
      historyPageSize: HISTORY_PAGE,
      historyErrors: historyRuns.reduce((n, h) => n + h.errors, historyIdle?.errors ?? 0),
      idleConnections,
      rssMiBAtIdleConnections: rssAtIdle === null ? null : round1(rssAtIdle),
      rssMiBBeforeIdle: round1(rssBeforeIdle),
      hubRuns: hubRuns.map((r) => r.achievedRate),
      mosquittoRuns: mosquittoRuns.map((r) => r.achievedRate),
      bareAedesAppendRuns: bareRuns.map((r) => r.achievedRate),
      hubStoredAllAcked: stored === acked && rejected === 0,
      sweep,
      settings: {
        devices: DEVICES,
        inflight: INFLIGHT,
        qos: 1,
        kind: 'temperature',
        durationSec: DURATION,
        runs: RUNS,
        idleRequested: IDLE,
        store: 'sqlite (defaults: synchronous NORMAL, group commit)',
        projectionsThread: flags['projections-thread'] ?? 'default',
        queriesThread: flags['queries-thread'] ?? 'default',
        hubEnv: flags['hub-env'],
      },
      notes,
    };
    log(JSON.stringify(result));
  } finally {
    await hub.stop();
    await mosquitto?.stop();
    await bare.stop();
    if (flags.keep) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();

// npm run bench:feeds: the hub (a child process, as deployed) measured end to end.
// Phases: MQTT publish -> graphql-ws `next` latency at 1,000 msgs/s; catch-up of a subscriber
// 100,000 readings behind; RSS per 1,000 subscribers; fan-out to 1,000 graphql-ws subscribers
// against a plain `ws` broadcast of the same bytes to 1,000 sockets (same run, same machine).
// Prints progress, then ONE JSON line (the last line). Figures are medians of RUNS where cheap.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { hubEnvFlags } from '../../../tools/bench/hub-env-flag.js';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

const RATE = 1000;

const CATCH_UP = 100_000;
const SUBSCRIBERS = 1000;
const FANOUT_MESSAGES = 200;
const RUNS = 3;
const LAB = 'scheveningen';

const { values: flags } = parseArgs({
  options: {
    'latency-only': { type: 'boolean', default: false },
    'fanout-only': { type: 'boolean', default: false },
    'latency-seconds': { type: 'string', default: '8' },
    'hub-cpu-prof': { type: 'string' },
    'hub-node-flags': { type: 'string', default: '' },
    'latency-trace': { type: 'string' },
    'projections-thread': { type: 'string' },
    'hub-env': { type: 'string', multiple: true, default: [] },
    load: { type: 'string' },
    'loaded-only': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(
    [
      'npm run bench:feeds -- [flags]',
      '  --latency-only        run the first latency phase only (to study it)',
      '  --fanout-only         run the fan-out phase and its plain ws reference only',
      '  --latency-seconds N   length of each latency phase (8; the first second is dropped)',
      "  --hub-cpu-prof DIR    write the hub's CPU profile (node --cpu-prof) into DIR",
      "  --hub-node-flags S    more flags for the hub's node, space-separated (--trace-gc: its",
      '                        collections on stdout, between the bench lines)',
      '  --latency-trace FILE  write the first latency phase as JSON lines',
      '                        {sentUs, latencyMs}: sentUs on the monotonic clock of',
      "                        process.hrtime, the clock of the hub's CPU profile",
      "  --projections-thread worker|main  the hub's HUB_PROJECTIONS_THREAD (its default)",
      '  --hub-env K=V         a setting for the hub (repeatable), e.g. --hub-env HUB_API_THREAD=worker',
      '  --load N              the other ingest of the loaded latency phase, msgs/s (half',
      "                        the fill's rate); a fixed N compares builds at the same load",
      '  --loaded-only         run the loaded latency phase only, at --load (to study it)',
      '',
    ].join('\n'),
  );
  process.exit(0);
}

const FIXED_LOAD = flags.load === undefined ? undefined : Number(flags.load);
if (FIXED_LOAD !== undefined && !(Number.isInteger(FIXED_LOAD) && FIXED_LOAD > 0)) {
  throw new Error('--load must be a positive integer (msgs/s)');
}
if (flags['loaded-only'] && FIXED_LOAD === undefined) {
  throw new Error('--loaded-only needs --load N: there is no fill to measure the maximum from');
}
const LATENCY_SECONDS = Number(flags['latency-seconds']);
if (!Number.isInteger(LATENCY_SECONDS) || LATENCY_SECONDS < 2) {
  throw new Error('--latency-seconds must be an integer of at least 2');
}

const log = (m: string): void => void process.stdout.write(`${m}\n`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

interface Hub {
  child: ChildProcess;
  httpPort: number;
  mqttPort: number;
  admin: string;
}

async function startHub(dataDir: string): Promise<Hub> {
  const profile = flags['hub-cpu-prof'];
  const nodeFlags = [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profile)}`] : []),
    ...flags['hub-node-flags'].split(' ').filter(Boolean),
  ];
  const child = spawn('node', [...nodeFlags, 'dist/apps/hub/src/main.js'], {
    env: {
      // Only PATH from this shell: the bench hub's settings are the bench's own, not whatever
      // HUB_* variables happen to be exported here.
      ...harnessEnv.clean(),
      HUB_DATA_DIR: dataDir,
      HUB_HTTP_PORT: '0',
      HUB_MQTT_PORT: '0',
      HUB_BIND_HOST: '127.0.0.1',
      HUB_LOG_LEVEL: 'info',
      HUB_MQTT_MESSAGES_PER_SEC: '1000000',
      HUB_MQTT_MESSAGE_BURST: '1000000',
      HUB_GRAPHQL_RATE_PER_SEC: '1000000',
      HUB_GRAPHQL_RATE_BURST: '1000000',
      HUB_FEEDS_SUBSCRIBER_BUFFER: '20000',
      // The fan-out phase opens SUBSCRIBERS sockets with one token, from one address.
      HUB_HTTP_MAX_CONNECTIONS_PER_IP: '0',
      HUB_GRAPHQL_MAX_SOCKETS_PER_TOKEN: '100000',
      HUB_GRAPHQL_MAX_OPERATIONS_PER_TOKEN: '1000000',
      ...(flags['projections-thread'] && { HUB_PROJECTIONS_THREAD: flags['projections-thread'] }),
      ...hubEnvFlags(flags['hub-env']),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports = await new Promise<{ httpPort: number; mqttPort: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      // What node itself prints (--trace-gc) goes to stderr, so the bench's stdout stays JSON.
      if (line.startsWith('[')) process.stderr.write(`hub: ${line}\n`);
      if (!line.includes('hub ready')) return;
      const parsed = JSON.parse(line) as { httpPort: number; mqttPort: number };
      resolve({ httpPort: parsed.httpPort, mqttPort: parsed.mqttPort });
    });
  });
  return { child, ...ports, admin: readFileSync(join(dataDir, 'admin-token'), 'utf8').trim() };
}

async function gql<T>(
  hub: Hub,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${hub.httpPort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.admin}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

/** A device connection and the topic it publishes temperature readings to. */
interface Device {
  readonly client: MqttClient;
  readonly topic: string;
}

async function device(hub: Hub, lamppost: string): Promise<Device> {
  const { provisionDevice: p } = await gql<{
    provisionDevice: { username: string; password: string };
  }>(
    hub,
    'mutation ($lab: String!, $lp: String!) { provisionDevice(lab: $lab, lamppost: $lp) { username password } }',
    { lab: LAB, lp: lamppost },
  );
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
    // The hub binds the client id to the device it authenticated as.
    clientId: p.username,
    username: p.username,
    password: p.password,
    reconnectPeriod: 0,
  });
  return { client, topic: `labs/${LAB}/lampposts/${lamppost}/temperature` };
}

const wsClient = (hub: Hub): Client =>
  createClient({
    url: `ws://127.0.0.1:${hub.httpPort}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${hub.admin}` },
    retryAttempts: 0,
    lazy: false,
  });

const STREAM =
  'subscription ($after: String) { readings(filter: { lab: "scheveningen" }, after: $after) { cursor lamppost values } }';
/** The latency device's own readings only: under load the other devices' readings flow too. */
const LATENCY_STREAM =
  'subscription ($after: String) { readings(filter: { lab: "scheveningen", lamppost: "lp-lat" }, after: $after) { cursor lamppost values } }';

let seq = 0;
const reading = (celsius: number): string =>
  JSON.stringify({ seq: ++seq, observedAt: new Date().toISOString(), celsius });

async function headCursor(hub: Hub): Promise<string | null> {
  const d = await gql<{ readings: { pageInfo: { endCursor: string | null } } }>(
    hub,
    '{ readings(last: 1) { pageInfo { endCursor } } }',
  );
  return d.readings.pageInfo.endCursor;
}

/** Publish at RATE msgs/s from one device; the i-th `next` belongs to the i-th publish (log order). */
async function latency(hub: Hub, dev: Device, trace?: string): Promise<number[]> {
  const client = wsClient(hub);
  const after = await headCursor(hub);
  const sentAt: number[] = [];
  const sentUs: bigint[] = [];
  const latencies: number[] = [];
  let received = 0;
  const total = RATE * LATENCY_SECONDS;
  const done = new Promise<void>((resolve, reject) => {
    client.subscribe(
      { query: LATENCY_STREAM, variables: { after } },
      {
        next: () => {
          latencies.push(performance.now() - sentAt[received]);
          received += 1;
          if (received === total) resolve();
        },
        error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
        complete: () => undefined,
      },
    );
  });
  await sleep(500);
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    sentAt.push(performance.now());
    if (trace) sentUs.push(process.hrtime.bigint() / 1000n);
    dev.client.publish(dev.topic, reading(20 + (i % 100) / 10), {
      qos: 1,
    });
  }
  await done;
  await client.dispose();
  if (trace) {
    const lines = latencies.map((ms, i) =>
      JSON.stringify({ sentUs: Number(sentUs[i]), latencyMs: round(ms, 3) }),
    );
    writeFileSync(trace, `${lines.join('\n')}\n`);
  }
  return latencies.slice(RATE); // the first second warms up
}

/**
 * QoS 1 readings from `devices` at `perSec` in all (paced every 10 ms) until `stop` aborts;
 * resolves with how many were acknowledged.
 */
async function steadyLoad(devices: Device[], perSec: number, stop: AbortSignal): Promise<number> {
  const pending = new Set<Promise<unknown>>();
  let acked = 0;
  let sent = 0;
  const started = performance.now();
  while (!stop.aborted) {
    const due = Math.floor(((performance.now() - started) / 1000) * perSec);
    for (; sent < due; sent++) {
      const d = devices[sent % devices.length];
      const p = d.client
        .publishAsync(d.topic, reading(15), {
          qos: 1,
        })
        .then(() => {
          acked += 1;
          pending.delete(p);
        });
      pending.add(p);
    }
    await sleep(10);
  }
  await Promise.all(pending);
  return acked;
}

async function fill(devices: Device[], count: number): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const d = devices[i % devices.length];
    pending.push(
      d.client.publishAsync(d.topic, reading(15), {
        qos: 1,
      }),
    );
    if (pending.length >= 2000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
}

async function catchUp(hub: Hub, expected: number): Promise<number> {
  const client = wsClient(hub);
  let got = 0;
  let started = 0;
  await new Promise<void>((resolve, reject) => {
    client.subscribe(
      { query: STREAM, variables: {} },
      {
        next: () => {
          if (got === 0) started = performance.now();
          got += 1;
          if (got === expected) resolve();
        },
        error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
        complete: () => undefined,
      },
    );
  });
  const seconds = (performance.now() - started) / 1000;
  await client.dispose();
  return expected / seconds;
}

const rssMiB = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

/**
 * RSS once the hub has been quiet long enough for V8 to shrink its heap (it does so a few seconds
 * after allocation stops): sampled every 250 ms until four samples in a row agree within 1 MiB,
 * at most 15 s. Without it the memory of the previous phase could be freed during the
 * measurement and make the subscribers' share come out negative.
 */
async function settledRssMiB(pid: number): Promise<number> {
  const samples: number[] = [];
  const deadline = Date.now() + 15_000;
  for (;;) {
    samples.push(rssMiB(pid));
    const recent = samples.slice(-4);
    if (recent.length === 4 && Math.max(...recent) - Math.min(...recent) <= 1) break;
    if (Date.now() > deadline) break;
    await sleep(250);
  }
  return samples[samples.length - 1];
}

async function fanout(
  hub: Hub,
  dev: Device,
): Promise<{
  perSec: number[];
  rssPer1000: number;
  rssBefore: number;
  rssWith: number;
  bytes: string;
}> {
  await sleep(3000); // let the previous phase's garbage go first
  const before = await settledRssMiB(hub.child.pid!);
  const after = await headCursor(hub);
  let deliveries = 0;
  let sample = '';
  let first = 0;
  let last = 0;
  let target = 0;
  let onTarget: () => void = () => undefined;
  const clients: WebSocket[] = [];
  // Raw graphql-transport-ws sockets: the client side stays cheap, the hub does the work.
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${hub.httpPort}/graphql`, 'graphql-transport-ws');
    await new Promise((r) => ws.once('open', r));
    ws.send(
      JSON.stringify({
        type: 'connection_init',
        payload: { authorization: `Bearer ${hub.admin}` },
      }),
    );
    const acked = new Promise((r) => ws.once('message', r)); // connection_ack
    await acked;
    ws.on('message', (data: Buffer) => {
      if (!sample) sample = data.toString();
      if (deliveries === 0) first = performance.now();
      deliveries += 1;
      last = performance.now();
      if (deliveries === target) onTarget();
    });
    await new Promise((r) => setImmediate(r));
    ws.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: STREAM, variables: { after } },
      }),
    );
    clients.push(ws);
  }
  await sleep(2000);
  const withSubscribers = await settledRssMiB(hub.child.pid!);
  const rssPer1000 = ((withSubscribers - before) * 1000) / SUBSCRIBERS;
  const perSec: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    deliveries = 0;
    target = FANOUT_MESSAGES * SUBSCRIBERS;
    const reached = new Promise<void>((r) => (onTarget = r));
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < FANOUT_MESSAGES; i++) {
      pending.push(dev.client.publishAsync(dev.topic, reading(21), { qos: 1 }));
    }
    await Promise.all(pending);
    await Promise.race([reached, sleep(30_000)]);
    perSec.push(deliveries / ((last - first) / 1000));
    log(`  fan-out run ${run + 1}: ${deliveries} deliveries, ${Math.round(perSec.at(-1)!)}/s`);
  }
  for (const ws of clients) ws.close();
  return { perSec, rssPer1000, rssBefore: before, rssWith: withSubscribers, bytes: sample };
}

async function rawBroadcast(bytes: string): Promise<number[]> {
  const server = spawn('node', ['dist/libs/feeds/bench/raw-ws-server.js'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) =>
    createInterface({ input: server.stdout }).on(
      'line',
      (l) => l.startsWith('port ') && resolve(Number(l.slice(5))),
    ),
  );
  let deliveries = 0;
  let first = 0;
  let last = 0;
  let onTarget: () => void = () => undefined;
  let target = 0;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    await new Promise((r) => ws.once('open', r));
    ws.on('message', () => {
      if (deliveries === 0) first = performance.now();
      deliveries += 1;
      last = performance.now();
      if (deliveries === target) onTarget();
    });
    sockets.push(ws);
  }
  const perSec: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    deliveries = 0;
    target = FANOUT_MESSAGES * SUBSCRIBERS;
    const reached = new Promise<void>((r) => (onTarget = r));
    server.stdin.write(`send ${FANOUT_MESSAGES} ${bytes.replace(/\n/g, ' ')}\n`);
    await Promise.race([reached, sleep(60_000)]);
    perSec.push(deliveries / ((last - first) / 1000));
    log(`  raw ws run ${run + 1}: ${deliveries} deliveries, ${Math.round(perSec.at(-1)!)}/s`);
  }
  for (const ws of sockets) ws.close();
  server.kill();
  return perSec;
}

/** The latency phase while `rate` msgs/s of other ingest run. */
async function underLoad(
  hub: Hub,
  lat: Device,
  fillers: Device[],
  rate: number,
): Promise<{ loaded: number[]; loadPerSec: number }> {
  log(`latency under load: ${RATE} msgs/s measured while ${rate} msgs/s of other ingest run`);
  const stop = new AbortController();
  const load = steadyLoad(fillers, rate, stop.signal);
  const loadStarted = performance.now();
  const loaded = await latency(hub, lat);
  stop.abort();
  const loadAcked = await load;
  const loadPerSec = loadAcked / ((performance.now() - loadStarted) / 1000);
  log(
    `  p50 ${round(percentile(loaded, 50), 2)} ms, p99 ${round(percentile(loaded, 99), 2)} ms; other ingest ${Math.round(loadPerSec)} msgs/s acknowledged`,
  );
  return { loaded, loadPerSec };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-feeds-bench-'));
  const hub = await startHub(dataDir);
  try {
    log(`hub pid ${hub.child.pid} http ${hub.httpPort} mqtt ${hub.mqttPort}`);
    await gql(hub, 'mutation { createLab(id: "scheveningen", municipality: "den-haag") { id } }');
    const lat = await device(hub, 'lp-lat');
    const fillers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => device(hub, `lp-fill-${i}`)),
    );

    if (flags['loaded-only']) {
      await underLoad(hub, lat, fillers, FIXED_LOAD!);
      await lat.client.endAsync();
      await Promise.all(fillers.map((f) => f.client.endAsync()));
      return;
    }

    if (flags['fanout-only']) {
      const fan = await fanout(hub, lat);
      const raw = await rawBroadcast(fan.bytes);
      const ratio = median(fan.perSec) / median(raw);
      log(
        `fan-out ${Math.round(median(fan.perSec))}/s, plain ws ${Math.round(median(raw))}/s: ratio ${round(ratio, 3)}`,
      );
      await lat.client.endAsync();
      await Promise.all(fillers.map((f) => f.client.endAsync()));
      return;
    }

    log(`latency: ${RATE} msgs/s for ${LATENCY_SECONDS} s, MQTT publish -> graphql-ws next`);
    const latencies = await latency(hub, lat, flags['latency-trace']);
    log(
      `  p50 ${round(percentile(latencies, 50), 2)} ms, p99 ${round(percentile(latencies, 99), 2)} ms`,
    );
    if (flags['latency-only']) {
      await lat.client.endAsync();
      await Promise.all(fillers.map((f) => f.client.endAsync()));
      return;
    }

    const have = RATE * LATENCY_SECONDS;
    const fillStarted = performance.now();
    log(`filling the log to ${CATCH_UP} readings`);
    await fill(fillers, CATCH_UP - have);
    const fillMs = performance.now() - fillStarted;
    // The fill is ingest as fast as the hub acknowledges (8 devices, 2,000 in flight): its rate
    // is the hub's maximum here, and the loaded latency phase below runs at half of it.
    const maxIngestPerSec = (CATCH_UP - have) / (fillMs / 1000);
    log(`  filled in ${Math.round(fillMs)} ms (${Math.round(maxIngestPerSec)} msgs/s)`);
    log(`catch-up: a subscriber ${CATCH_UP} readings behind`);
    const catchUpPerSec = await catchUp(hub, CATCH_UP);
    log(`  ${Math.round(catchUpPerSec)} readings/s`);

    log(`fan-out: ${SUBSCRIBERS} graphql-ws subscribers, ${FANOUT_MESSAGES} readings per run`);
    const fan = await fanout(hub, lat);
    log(`raw ws: the same bytes (${fan.bytes.length} B) to ${SUBSCRIBERS} sockets`);
    const raw = await rawBroadcast(fan.bytes);

    const halfLoad = FIXED_LOAD ?? Math.round(maxIngestPerSec / 2);
    const { loaded, loadPerSec } = await underLoad(hub, lat, fillers, halfLoad);

    await lat.client.endAsync();
    await Promise.all(fillers.map((f) => f.client.endAsync()));
    const fanoutDeliveriesPerSec = Math.round(median(fan.perSec));
    const rawWsDeliveriesPerSec = Math.round(median(raw));
    log(
      JSON.stringify({
        p50LatencyMs: round(percentile(latencies, 50), 2),
        p99LatencyMs: round(percentile(latencies, 99), 2),
        p50LatencyMsUnderLoad: round(percentile(loaded, 50), 2),
        p99LatencyMsUnderLoad: round(percentile(loaded, 99), 2),
        maxIngestMsgsPerSec: Math.round(maxIngestPerSec),
        loadMsgsPerSec: Math.round(loadPerSec),
        fanoutDeliveriesPerSec,
        rawWsDeliveriesPerSec,
        fanoutRatio: round(fanoutDeliveriesPerSec / rawWsDeliveriesPerSec, 3),
        rssMiBPer1000Subscribers: round(fan.rssPer1000, 1),
        rssMiBBeforeSubscribers: round(fan.rssBefore, 1),
        rssMiBWithSubscribers: round(fan.rssWith, 1),
        catchUpReadingsPerSec: Math.round(catchUpPerSec),
        subscribers: SUBSCRIBERS,
        ratePerSec: RATE,
        runs: RUNS,
      }),
    );
  } finally {
    hub.child.kill('SIGTERM');
    await new Promise((r) => hub.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

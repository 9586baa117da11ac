import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureAdminToken } from '@hub/access';
import { SENSOR_KINDS } from '@hub/contracts';
import {
  ConfigError,
  isDataDirRefusal,
  readHubConfigFromEnvironment,
  withDataDir,
  type HubConfig,
} from '@hub/config';
import { startHub, type RunningHub } from '../../apps/hub/src/hub.js';
import { hubAdminCall } from '../shared/hub-admin-call.js';
import { createScheveningenLab, formatLabSummary, runLab } from '../scheveningen/index.js';
import { writeDemoCredentials } from './demo-credentials.js';
import { choosePort } from './demo-ports.js';
import { readDemoState, writeDemoState } from './demo-state.js';
import { printLiveReadings } from './live-printer.js';
import { provisionLampposts } from './provision-lampposts.js';
import { readingHistory } from './reading-history.js';

const LAB = 'scheveningen';
const MUNICIPALITY = 'den-haag';
const LAMPPOSTS = 6;
/** The demo's rule set: the lab's rules with short windows, labelled DEMO ONLY in the file. */
const DEMO_RULES_DIR = 'simulators/demo/rules';
const out = (line: string) => process.stdout.write(line + '\n');

/** A failure the user can fix, printed as one line without a stack trace. */
class DemoError extends Error {}

/**
 * The demo's hub: its own folder under HUB_DATA_DIR (so it never shares an event log with
 * `npm start`), the demo rule set, and free ports when the configured ones are taken.
 */
async function demoConfig(config: HubConfig): Promise<HubConfig> {
  const dataDir = join(config.dataDir, 'demo');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const mqtt = await choosePort(config.mqtt.host, config.mqtt.port, 'HUB_MQTT_PORT', 'MQTT');
  const http = await choosePort(config.http.host, config.http.port, 'HUB_HTTP_PORT', 'HTTP');
  for (const note of [mqtt.note, http.note]) if (note) out(`demo: ${note}`);
  const moved = withDataDir(config, dataDir);
  return {
    ...moved,
    mqtt: { ...moved.mqtt, port: mqtt.port },
    http: { ...moved.http, port: http.port },
    privacy: { ...moved.privacy, rulesDir: resolve(DEMO_RULES_DIR) },
    logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
  };
}

async function start(config: HubConfig): Promise<RunningHub> {
  try {
    // Takes the data dir lock before anything else: a hub already on it makes the demo refuse.
    return await startHub(config, 'demo');
  } catch (error) {
    // Taken between our check and the bind (or by another hub starting meanwhile).
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new DemoError(
        `a port is in use (${(error as Error).message}); set HUB_MQTT_PORT and HUB_HTTP_PORT to free ports, or 0 to let the system pick`,
      );
    }
    throw error;
  }
}

/** The stored municipality token when it still works, else a new one (admin API). */
async function municipalityToken(url: string, admin: string, kept?: string): Promise<string> {
  if (kept) {
    const probe = await hubAdminCall<{ whatCanISee: { municipality: string } }>(
      url,
      kept,
      '{ whatCanISee { municipality } }',
      {},
    ).catch(() => undefined);
    if (probe?.data?.whatCanISee.municipality === MUNICIPALITY) return kept;
  }
  const created = await hubAdminCall<{ createToken: { token: string } }>(
    url,
    admin,
    'mutation ($m: String!) { createToken(input: { role: "municipality", municipality: $m, label: "npm run demo" }) { token } }',
    { m: MUNICIPALITY },
  );
  const token = created.data?.createToken.token;
  if (!token) throw new Error(`cannot create a municipality token: ${created.reason}`);
  return token;
}

/**
 * `npm run demo`: the hub, a few simulated Scheveningen lampposts publishing over MQTT, and a
 * GraphQL subscription printing the readings as they arrive. Ctrl-C stops all three. It can be
 * run again on the same data dir (same devices, same passwords) and next to `npm start`.
 */
async function main(): Promise<void> {
  const config = await demoConfig(readHubConfigFromEnvironment());
  const hub = await start(config);
  const host = config.http.host === '0.0.0.0' ? 'localhost' : config.http.host;
  const graphqlHttp = `http://${host}:${hub.httpPort}/graphql`;
  const local = `http://127.0.0.1:${hub.httpPort}/graphql`;
  const adminToken = ensureAdminToken(config.dataDir, config.adminToken);
  const state = readDemoState(config.dataDir);
  // Every device needs credentials: provisioned through the partner API, as a partner would.
  // Where the simulator puts them: evenly along the boulevard, the same ids and places as runLab.
  const boulevard = createScheveningenLab({ lab: LAB, lampposts: LAMPPOSTS });
  const devices = await provisionLampposts(
    local,
    adminToken,
    LAB,
    MUNICIPALITY,
    boulevard.lampposts.map(({ id, lat, lon }) => ({ id, position: { lat, lon } })),
    state.devices,
  );
  const token = await municipalityToken(local, adminToken, state.municipalityToken);
  writeDemoState(config.dataDir, { devices: devices.credentials, municipalityToken: token });
  const file = writeDemoCredentials(config.dataDir, {
    token,
    tokenRole: 'municipality',
    municipality: MUNICIPALITY,
    adminTokenFile: join(config.dataDir, 'admin-token'),
    graphqlHttp,
    graphqlWs: `ws://${host}:${hub.httpPort}/graphql`,
    mqtt: `mqtt://${host}:${hub.mqttPort}`,
    lab: LAB,
  });
  const history = await readingHistory(local, token, LAB);
  const reused = devices.reused.length;

  out(`
Lamppost hub demo: ${LAMPPOSTS} simulated lampposts on the Scheveningen boulevard.

  console (in your browser)      http://${host}:${hub.httpPort}/ (sign in with the municipality token below)
  GraphQL (HTTP and websockets)  ${graphqlHttp}
  MQTT                           mqtt://${host}:${hub.mqttPort}
  municipality token (${MUNICIPALITY})  in ${file} ("token")
  admin token                    in ${join(config.dataDir, 'admin-token')} (for hubctl; keep it to yourself)
  data                           ${config.dataDir} (the demo's own log, rules and devices)
  health                         http://${host}:${hub.httpPort}/health/live
  metrics (Prometheus)           http://${host}:${hub.httpPort}/metrics with the token in ${join(config.dataDir, 'metrics-token')}
${reused > 0 ? `  devices                        ${reused} kept from the last run (passwords in ${join(config.dataDir, 'demo-devices.json')})\n` : ''}
Try it from another terminal:
  curl -s ${graphqlHttp} -H "authorization: Bearer $(node -p "require('${file}').token")" \\
    -H 'content-type: application/json' -d '{"query":"{ readings(first: 5) { edges { node { lamppost kind observedAt values } } } }"}'

In the log already: ${history.more ? 'more than ' : ''}${history.count} readings of ${LAB} (query them as above); below only new ones.

Live readings from the GraphQL subscription (Ctrl-C to stop). Microphones, cameras and radios
send raw audio, frames and identifiers; what you see is what the privacy filter made of them.
The demo runs a DEMO rule set with short windows (${DEMO_RULES_DIR}/${LAB}.json) so you see it
within a minute: sound levels every 10 s, camera counts every 20 s, radio device counts every
30 s, each stamped with the rule version that produced it. A count shown as null was suppressed:
fewer than the rule's k people or devices were seen, too few to publish without singling
someone out.
`);

  const live = printLiveReadings(
    `ws://127.0.0.1:${hub.httpPort}/graphql`,
    token,
    LAB,
    out,
    history.lastCursor,
  );
  const stop = new AbortController();
  let stopping = false;
  const shutdown = () => {
    if (stopping) process.exit(130);
    stopping = true;
    stop.abort();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const summary = await runLab({
    brokerUrl: `mqtt://127.0.0.1:${hub.mqttPort}`,
    lab: LAB,
    lampposts: LAMPPOSTS,
    credentials: devices.credentials,
    seed: 2026,
    // Every kind the hub accepts, a little faster than in the street so the feed stays lively.
    kinds: [...SENSOR_KINDS],
    intervalsSec: { temperature: 10, air: 20, motion: 10, sound: 2, camera: 10, radio: 10 },
    signal: stop.signal,
  });
  out('\n' + formatLabSummary(summary));
  await live.dispose();
  await hub.close();
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DemoError;
  process.stderr.write(
    known || isDataDirRefusal(error)
      ? `demo: ${error.message}\n`
      : `demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

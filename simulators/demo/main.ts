import { ensureAdminToken } from '@hub/access';
import { ConfigError, isDataDirRefusal, readHubConfigFromEnvironment } from '@hub/config';
import { startHub } from '../../apps/hub/src/hub.js';
import { formatLabSummary, runLab } from '../scheveningen/index.js';
import { writeDemoCredentials } from './demo-credentials.js';
import { printLiveReadings } from './live-printer.js';
import { provisionLampposts } from './provision-lampposts.js';

const LAB = 'scheveningen';
const MUNICIPALITY = 'den-haag';
const LAMPPOSTS = 6;

/**
 * `npm run demo`: the hub on its defaults, a few simulated Scheveningen lampposts publishing over
 * MQTT, and a GraphQL subscription printing the readings as they arrive. Ctrl-C stops all three.
 */
async function main(): Promise<void> {
  const config = readHubConfigFromEnvironment();
  // Takes the data dir lock before anything else: a hub already on it makes the demo refuse.
  const hub = await startHub(
    { ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel },
    'demo',
  );
  const host = config.http.host === '0.0.0.0' ? 'localhost' : config.http.host;
  const credentials = {
    token: ensureAdminToken(config.dataDir, config.adminToken),
    graphqlHttp: `http://${host}:${hub.httpPort}/graphql`,
    graphqlWs: `ws://${host}:${hub.httpPort}/graphql`,
    mqtt: `mqtt://${host}:${hub.mqttPort}`,
    lab: LAB,
  };
  const file = writeDemoCredentials(config.dataDir, credentials);
  // Every device needs credentials: provisioned through the partner API, as a partner would.
  const devices = await provisionLampposts(
    `http://127.0.0.1:${hub.httpPort}/graphql`,
    credentials.token,
    LAB,
    MUNICIPALITY,
    Array.from({ length: LAMPPOSTS }, (_, i) => `sch-${String(i + 1).padStart(3, '0')}`),
  );
  const out = (line: string) => process.stdout.write(line + '\n');

  out(`
Lamppost hub demo: ${LAMPPOSTS} simulated lampposts on the Scheveningen boulevard.

  GraphQL (HTTP and websockets)  ${credentials.graphqlHttp}
  MQTT                           ${credentials.mqtt}
  token                          in ${file}
  health / metrics               http://${host}:${hub.httpPort}/health  /metrics

Try it from another terminal:
  curl -s ${credentials.graphqlHttp} -H "authorization: Bearer $(node -p "require('${file}').token")" \\
    -H 'content-type: application/json' -d '{"query":"{ readings(first: 5) { edges { node { lamppost kind observedAt values } } } }"}'

Live readings from the GraphQL subscription (Ctrl-C to stop). Microphones, cameras and radios
send raw audio, frames and identifiers; what you see is what the privacy filter made of them:
sound levels once a minute, camera counts every 5 minutes, radio device counts every 15 minutes
(small counts suppressed), each stamped with the rule version that produced it.
`);

  const live = printLiveReadings(credentials.graphqlWs, credentials.token, LAB, out);
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
    credentials: devices,
    seed: 2026,
    // Every kind the hub accepts, a little faster than in the street so the feed stays lively.
    kinds: ['temperature', 'air', 'motion', 'sound', 'camera', 'radio'],
    intervalsSec: { temperature: 10, air: 20, motion: 10, sound: 2, camera: 10, radio: 20 },
    signal: stop.signal,
  });
  out('\n' + formatLabSummary(summary));
  await live.dispose();
  await hub.close();
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError || isDataDirRefusal(error)
      ? `demo: ${error.message}\n`
      : `demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

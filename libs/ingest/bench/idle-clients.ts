import { connectAsync, type MqttClient } from 'mqtt';

/**
 * Opens many idle device connections and holds them (a helper process of ingest.bench.ts).
 * Argument: one JSON object {broker, parallel, keepaliveSec, accounts:[{username,password}]}.
 * Each account is one device and gets one connection whose client id is its username (the hub
 * refuses any other client id, and a second connection with the same id would replace the
 * first). Prints one JSON line {connected, failed, errors} once every connection is settled,
 * then holds them until stdin closes or SIGTERM.
 */
interface Args {
  broker: string;
  parallel: number;
  keepaliveSec: number;
  accounts: { username: string; password: string }[];
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const clients: MqttClient[] = [];
const errors = new Set<string>();
let failed = 0;
let next = 0;

async function worker(): Promise<void> {
  while (next < args.accounts.length) {
    const { username, password } = args.accounts[next++];
    try {
      const client = await connectAsync(args.broker, {
        clientId: username,
        username,
        password,
        protocolVersion: 4,
        clean: true,
        keepalive: args.keepaliveSec,
        reconnectPeriod: 0,
        connectTimeout: 30_000,
      });
      client.on('error', (e) => errors.add(e.message));
      clients.push(client);
    } catch (error) {
      failed++;
      if (errors.size < 10) errors.add((error as Error).message);
    }
  }
}

// Every connect is a first login, so the hub checks each secret with its KDF once; a few at a
// time keep the hub's thread pool busy without piling up not-logged-in sockets.
await Promise.all(Array.from({ length: Math.max(1, args.parallel) }, worker));
const connected = clients.filter((c) => c.connected).length;
process.stdout.write(`${JSON.stringify({ connected, failed, errors: [...errors] })}\n`);

const exit = (): void => {
  for (const c of clients) c.end(true);
  process.exit(0);
};
process.once('SIGTERM', exit);
process.stdin.on('end', exit);
process.stdin.resume();

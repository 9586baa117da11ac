import { connectAsync, type MqttClient } from 'mqtt';

/**
 * Opens many idle device connections and holds them (a helper process of ingest.bench.ts).
 * Argument: one JSON object {broker, count, parallel, clientIdPrefix, accounts:[{username,password}]}
 * (accounts are used round-robin). Prints one JSON line {connected, failed, errors} once every
 * connection is settled, then holds them until stdin closes or SIGTERM.
 */
interface Args {
  broker: string;
  count: number;
  parallel: number;
  clientIdPrefix: string;
  keepaliveSec: number;
  accounts: { username: string; password: string }[];
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const clients: MqttClient[] = [];
const errors = new Set<string>();
let failed = 0;
let next = 0;

async function worker(until: number): Promise<void> {
  while (next < until) {
    const i = next++;
    const account = args.accounts.length ? args.accounts[i % args.accounts.length] : undefined;
    try {
      const client = await connectAsync(args.broker, {
        clientId: `${args.clientIdPrefix}${i}`,
        protocolVersion: 4,
        clean: true,
        keepalive: args.keepaliveSec,
        reconnectPeriod: 0,
        connectTimeout: 30_000,
        ...(account && { username: account.username, password: account.password }),
      });
      client.on('error', (e) => errors.add(e.message));
      clients.push(client);
    } catch (error) {
      failed++;
      if (errors.size < 10) errors.add((error as Error).message);
    }
  }
}

// First one connection per account, a few at a time: each pays the hub's KDF check once and
// fills its verified-credentials cache; the rest then connect at full parallelism.
const warm = Math.min(args.count, args.accounts.length);
await Promise.all(Array.from({ length: 4 }, () => worker(warm)));
await Promise.all(Array.from({ length: args.parallel }, () => worker(args.count)));
const connected = clients.filter((c) => c.connected).length;
process.stdout.write(`${JSON.stringify({ connected, failed, errors: [...errors] })}\n`);

const exit = (): void => {
  for (const c of clients) c.end(true);
  process.exit(0);
};
process.once('SIGTERM', exit);
process.stdin.on('end', exit);
process.stdin.resume();

// Reference for `bench:feeds`: a plain `ws` server that broadcasts the same bytes to every
// connected socket, in its own process like the hub. Protocol on stdin/stdout:
// prints `port <n>`; on stdin line `send <count> <json>` it broadcasts <json> <count> times.
import { createInterface } from 'node:readline';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('listening', () => {
  const address = wss.address();
  process.stdout.write(
    `port ${typeof address === 'string' || address === null ? address : address.port}\n`,
  );
});
createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, count, ...rest] = line.split(' ');
  if (command !== 'send') return;
  const bytes = Buffer.from(rest.join(' '));
  let sent = 0;
  // In slices, so the event loop (and the sockets) breathe, as the hub's fan-out does.
  const slice = (): void => {
    for (let i = 0; i < 10 && sent < Number(count); i++, sent++) {
      for (const client of wss.clients) client.send(bytes);
    }
    if (sent < Number(count)) setImmediate(slice);
  };
  slice();
});

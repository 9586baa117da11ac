import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now (the system picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when `port` can be bound on `host` now (0 always can: the system picks one). */
export function canListen(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** Thrown by a program's start when the program could not bind the port it was given. */
export class PortTakenError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} on 127.0.0.1 was taken before the program could bind it`);
    this.name = 'PortTakenError';
  }
}

/** True when a program's output says that it could not bind its address. */
export function saysPortTaken(output: string): boolean {
  return /address already in use|EADDRINUSE/i.test(output);
}

/**
 * Starts a program on ports picked free just before. Picking a port and the program's bind are two
 * steps, and another process (a test running beside this one, an outgoing connection's local
 * port) may take the port in between. `start` asks `pick` for each port it needs as late as it
 * can, and throws `PortTakenError` when the program reports the port taken; it is then started
 * again on new ports, at most `attempts` times in all. Any other failure ends it at once.
 */
export async function startOnFreePorts<T>(
  start: (pick: () => Promise<number>) => Promise<T>,
  options: { attempts?: number; pick?: () => Promise<number> } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  const pick = options.pick ?? freePort;
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(pick);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= attempts) throw error;
    }
  }
}

/** The inodes of the sockets listening on `port` (any address), from /proc/net/tcp and tcp6. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; st 0A is LISTEN; the inode is the tenth field.
      if (fields.length < 10 || fields[3] !== '0A') continue;
      if (parseInt(fields[1].split(':')[1] ?? '', 16) === port) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/**
 * True when process `pid` itself holds a socket listening on `port` (Linux: /proc). Unlike a
 * connection attempt, another program listening there does not count.
 */
export function processListensOn(pid: number, port: number): boolean {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return false;
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket && inodes.has(socket[1])) return true;
    } catch {
      // closed since the listing
    }
  }
  return false;
}

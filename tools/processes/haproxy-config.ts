/** Loopback ports of one hub node, in the order of the config's `hub1`, `hub2`, … */
export interface HubAddress {
  readonly mqtt: number;
  readonly http: number;
  /** MQTT over TLS; leave out when the nodes have none (the MQTTS frontend then goes). */
  readonly mqtts?: number;
}

/** The ports HAProxy listens on, on 127.0.0.1. */
export interface FrontPorts {
  readonly mqtt: number;
  readonly http: number;
  /** Leave out to drop the MQTTS frontend and backend. */
  readonly mqtts?: number;
}

/** Removes a section (`frontend mqtts`) up to the next line that is not indented. */
function dropSection(cfg: string, header: string): string {
  const lines = cfg.split('\n');
  const start = lines.indexOf(header);
  if (start < 0) throw new Error(`the HAProxy config has no "${header}"`);
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || lines[end].startsWith(' '))) end++;
  lines.splice(start, end - start);
  return lines.join('\n');
}

const SERVER = /^( {2})server hub\d+ hub\d+:(\d+) check( port 3000)?$/;

/**
 * The deployment's HAProxy config (infra/haproxy/haproxy.cfg) with only its addresses changed
 * for one machine: frontends on loopback ports, and each backend's `hub1`…`hub3` servers
 * replaced by one server per node given, on that node's loopback ports (checked on its HTTP
 * port, as the file checks port 3000). Frontends, backends, checks, balancing and timeouts are
 * the file's own. Docker's DNS resolver section goes (the servers are addresses here).
 * `maxconn` drops to 2000: HAProxy refuses to start when it cannot raise the file limit to match,
 * which an ordinary user cannot.
 */
export function loopbackHaproxyConfig(
  template: string,
  front: FrontPorts,
  hubs: readonly HubAddress[],
): string {
  let cfg = template
    .replace(/^resolvers docker\n(?: {2}.*\n)+/m, '')
    .replace(' resolvers docker', '');
  cfg = cfg.replace(/^( {2}maxconn) \d+$/m, '$1 2000');
  if (front.mqtts === undefined) {
    cfg = dropSection(dropSection(cfg, 'frontend mqtts'), 'backend hubs_mqtts');
  }
  cfg = cfg
    .replace('bind :1883', `bind 127.0.0.1:${front.mqtt}`)
    .replace('bind :8883', `bind 127.0.0.1:${front.mqtts}`)
    .replace('bind :3000', `bind 127.0.0.1:${front.http}`);
  const out: string[] = [];
  let previousWasServer = false;
  for (const line of cfg.split('\n')) {
    const server = SERVER.exec(line);
    if (!server) {
      out.push(line);
      previousWasServer = false;
      continue;
    }
    // The first server line of a backend stands for all of them: one line per node.
    if (previousWasServer) continue;
    previousWasServer = true;
    const [, indent, port, checkPort] = server;
    hubs.forEach((hub, i) => {
      const target = port === '3000' ? hub.http : port === '8883' ? hub.mqtts : hub.mqtt;
      if (target === undefined) throw new Error(`hub${i + 1} has no port for ${port}`);
      const check = checkPort ? ` port ${hub.http}` : '';
      out.push(`${indent}server hub${i + 1} 127.0.0.1:${target} check${check}`);
    });
  }
  return out.join('\n');
}

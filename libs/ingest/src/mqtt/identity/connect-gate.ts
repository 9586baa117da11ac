import type { AuthenticateError, Client, ConnectPacket } from 'aedes';
import type { HubMetrics } from '@hub/ops';
import type { ConnectRefusal, DeviceAccess, DeviceIdentity, HubLogger } from '@hub/contracts';
import type { PromoteRefusal } from '../limits/connection-slots.js';
import type { ConnectionInfo } from '../listeners/connection-info.js';
import { AggregatedWarning } from '../aggregated-warning.js';
import { boundToDevice, clientIdSyntax } from './client-identity.js';
import type { LoginThrottle } from './login-throttle.js';

/** Why a CONNECT was refused, as logged and counted (`hub_mqtt_connect_refused_total{reason}`). */
export type RefusalReason =
  ConnectRefusal | 'IDENTIFIER_REJECTED' | 'LOGIN_BLOCKED' | 'SERVER_BUSY' | 'AUTH_UNAVAILABLE';

/** MQTT 3.1.1 CONNACK return codes (section 3.2.2.3). */
const RETURN_CODES: Record<RefusalReason, AuthenticateError['returnCode']> = {
  IDENTIFIER_REJECTED: 2,
  SERVER_BUSY: 3,
  AUTH_UNAVAILABLE: 3,
  BAD_USERNAME_OR_PASSWORD: 4,
  NOT_AUTHORIZED: 5,
  LOGIN_BLOCKED: 5,
};

/** What the gate needs of the listeners: which connection it is, and its move to a device place. */
export interface GateListeners {
  infoOf(conn: object): ConnectionInfo | undefined;
  loggedIn(conn: object, username: string): PromoteRefusal | undefined;
}

export interface ConnectGateDeps {
  readonly listeners: GateListeners;
  readonly throttle: LoginThrottle;
  readonly logger: HubLogger;
  readonly metrics?: HubMetrics;
  /** Without it every client is anonymous (tests, demo bootstrap): no login, no binding. */
  readonly access?: DeviceAccess;
  /** Called once a device is in: the broker keeps the identity for its ACL. */
  readonly onLoggedIn: (client: Client, identity: DeviceIdentity) => void;
}

/**
 * The one place every CONNECT goes through, whatever the door (TCP, TLS, WebSocket): aedes calls
 * `preConnect` and `authenticate` for all of them. In order:
 *
 * 1. malformed client id (bad UTF-8, U+0000): closed without CONNACK [MQTT-1.5.3-1/-2];
 * 2. a blocked (address, username) pair: CONNACK 5 without a password check;
 * 3. the password (registry): CONNACK 4 or 5; a failure counts against the pair;
 * 4. invariant, a device is one identity: the client id must BE the username, else CONNACK 2
 *    (an empty one too [MQTT-3.1.3-8]), logged with the device and counted as a failure of the
 *    pair. Since aedes only takes over (and resumes the session of) a client id after
 *    `authenticate` succeeds, no device can take over another's connection or session;
 * 5. a place among the logged-in connections (per address and in total): else CONNACK 3.
 */
export class ConnectGate {
  private readonly connects = new WeakMap<Client, { readonly clientId: string }>();
  private readonly blockedLog: AggregatedWarning;

  constructor(private readonly deps: ConnectGateDeps) {
    this.blockedLog = new AggregatedWarning(
      deps.logger,
      'mqtt connect refused: login blocked after repeated failures',
      60_000,
    );
  }

  readonly preConnect = (
    client: Client,
    packet: ConnectPacket,
    done: (error: Error | null, success: boolean) => void,
  ): void => {
    if (clientIdSyntax(packet.clientId) === 'MALFORMED') {
      const info = this.deps.listeners.infoOf(client.conn);
      this.deps.logger.warn(
        'mqtt connection closed: client id is not well-formed UTF-8 or contains U+0000',
        {
          remoteAddress: info?.remoteAddress,
          transport: info?.transport,
          username: packet.username,
        },
      );
      this.deps.metrics?.mqttConnectsRefused.inc({ reason: 'MALFORMED_CLIENT_ID' });
      return done(new Error('malformed client identifier'), false);
    }
    this.connects.set(client, { clientId: packet.clientId });
    done(null, true);
  };

  readonly authenticate = (
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void => {
    this.decide(client, username, password).then(
      (outcome) => {
        if (outcome === 'OK') return done(null, true);
        this.deps.metrics?.mqttConnectsRefused.inc({ reason: outcome });
        const error = Object.assign(new Error(outcome), { returnCode: RETURN_CODES[outcome] });
        done(error, false);
      },
      (error: unknown) => {
        this.deps.logger.error('device authentication failed', {
          clientId: client.id,
          err: String(error),
        });
        this.deps.metrics?.mqttConnectsRefused.inc({ reason: 'AUTH_UNAVAILABLE' });
        done(Object.assign(new Error('server unavailable'), { returnCode: 3 as const }), false);
      },
    );
  };

  private async decide(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
  ): Promise<RefusalReason | 'OK'> {
    const { access, listeners, throttle, logger } = this.deps;
    const info = listeners.infoOf(client.conn);
    const where = { remoteAddress: info?.remoteAddress, transport: info?.transport };
    const clientId = this.connects.get(client)?.clientId ?? client.id;
    if (!access) {
      if (clientIdSyntax(clientId) === 'IDENTIFIER_REJECTED') {
        logger.warn('mqtt connect refused: empty client id', { ...where, username });
        return 'IDENTIFIER_REJECTED';
      }
      return this.admit(client, clientId, where);
    }
    // With devices, an empty client id is refused by the binding below (it is never a username),
    // after the password: a wrong password is reported as such, whatever the client id.

    const address = info?.remoteAddress ?? 'unknown';
    const pair = username ?? '';
    const waitMs = await throttle.waitMs(address, pair);
    if (waitMs > 0) {
      this.blockedLog.note(
        `${address} ${pair}`,
        { ...where, username, retryAfterMs: waitMs },
        clientId,
      );
      return 'LOGIN_BLOCKED';
    }

    const result = await access.authenticate(username, password);
    if (typeof result === 'string') {
      const blockMs = await throttle.failed(address, pair);
      logger.warn('mqtt connect refused', {
        ...where,
        clientId,
        username,
        reason: result,
        ...(blockMs > 0 && { blockedForMs: blockMs }),
      });
      return result;
    }
    if (!boundToDevice(clientId, result.username)) {
      const blockMs = await throttle.failed(address, pair);
      logger.warn("mqtt connect refused: the client id must be the device's username", {
        ...where,
        username: result.username,
        lab: result.lab,
        lamppost: result.lamppost,
        clientId,
        ...(blockMs > 0 && { blockedForMs: blockMs }),
      });
      return 'IDENTIFIER_REJECTED';
    }
    const outcome = this.admit(client, result.username, where);
    if (outcome !== 'OK') return outcome;
    await throttle.succeeded(address, pair);
    this.deps.onLoggedIn(client, result);
    return 'OK';
  }

  /** Moves the connection to a logged-in place (per address and in total). */
  private admit(client: Client, device: string, where: object): 'OK' | 'SERVER_BUSY' {
    const refusal = this.deps.listeners.loggedIn(client.conn, device);
    if (!refusal) return 'OK';
    this.deps.logger.warn(
      refusal === 'ADDRESS_FULL'
        ? 'mqtt connect refused: too many connections from this address'
        : 'mqtt connect refused: the hub has reached its connection limit',
      { ...where, username: device, limit: refusal },
    );
    return 'SERVER_BUSY';
  }
}

import type { Aedes, AuthenticateError } from 'aedes';
import type { TLSSocket } from 'node:tls';
import type { HubLogger } from '@hub/contracts';
import type { ConnectionInfo } from './connection-info.js';

type AuthenticateHandler = Aedes['authenticate'];

/** CN of the verified peer certificate; a certificate with several CNs names nobody. */
export function certificateName(socket: TLSSocket): string | undefined {
  if (!socket.authorized) return undefined;
  const cn: unknown = socket.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}

/**
 * Puts the client certificate check in front of the broker's own authentication: on a listener
 * that requires client certificates, the certificate's CN must equal the MQTT username, else the
 * device gets CONNACK return code 5, not authorized [MQTT-3.2.2-3].
 */
export function checkCertificateName(
  authenticate: AuthenticateHandler,
  infoOf: (conn: object) => ConnectionInfo | undefined,
  logger: HubLogger,
): AuthenticateHandler {
  return (client, username, password, done) => {
    const info = infoOf(client.conn);
    if (info?.certificateRequired && info.certificateName !== username) {
      logger.warn('mqtt connect refused: client certificate CN does not match the username', {
        clientId: client.id,
        username,
        certificateName: info.certificateName,
        remoteAddress: info.remoteAddress,
      });
      const error: AuthenticateError = Object.assign(
        new Error('client certificate does not match the username'),
        { returnCode: 5 as const },
      );
      return done(error, false);
    }
    authenticate(client, username, password, done);
  };
}

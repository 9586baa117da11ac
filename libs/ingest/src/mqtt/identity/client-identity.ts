/**
 * What the hub requires of a CONNECT's client identifier (pure, so it is testable without a
 * broker). Invariant: a device is one identity. Its client id IS its username, so a device can
 * neither take over another device's connection or persistent session (aedes closes the older
 * connection of a client id and resumes its session) nor rotate client ids to get fresh
 * per-client state.
 */
export type ClientIdVerdict =
  /** Malformed UTF-8 or U+0000: close the connection without CONNACK [MQTT-1.5.3-1], [MQTT-1.5.3-2]. */
  | 'MALFORMED'
  /** CONNACK 2, identifier rejected [MQTT-3.1.3-9]. */
  | 'IDENTIFIER_REJECTED'
  | 'OK';

/**
 * mqtt-packet decodes strings with Buffer#toString('utf8'), which turns every malformed byte
 * sequence into U+FFFD; a hub whose ids are ASCII can treat U+FFFD as the mark of bad UTF-8.
 */
const isMalformed = (id: string): boolean => id.includes('\u0000') || id.includes('\uFFFD');

/** Checks the syntax alone, before anything else of the CONNECT is looked at. */
export function clientIdSyntax(clientId: string): ClientIdVerdict {
  if (isMalformed(clientId)) return 'MALFORMED';
  // A zero-byte id with CleanSession=0 must be refused with 2 [MQTT-3.1.3-8]; with
  // CleanSession=1 the server may refuse it too [MQTT-3.1.3-6/-9]: a device has its own id.
  if (clientId.length === 0) return 'IDENTIFIER_REJECTED';
  return 'OK';
}

/** After the password check: the client id must be the authenticated username. */
export const boundToDevice = (clientId: string, username: string): boolean => clientId === username;

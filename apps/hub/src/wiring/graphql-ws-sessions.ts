import { GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';

/** What this reads of a graphql-ws connection: its socket, and the operations it runs. */
export interface WsSession {
  readonly socket: WebSocket;
  /**
   * graphql-ws's context of the connection. Its `subscriptions` table holds an id for every
   * operation from its `subscribe` to its end (read each time: graphql-ws replaces the table when
   * the socket closes).
   */
  readonly context: { readonly subscriptions: Record<string, unknown> };
}

export interface WsSessionLimits {
  readonly maxSocketsPerToken: number;
  readonly maxOperationsPerToken: number;
}

/** RFC 6455's "policy violation": a socket over its token's limit. */
export const POLICY_VIOLATION = 1008;

export const tooManyOperations = (limit: number): GraphQLError =>
  new GraphQLError(
    `this token already runs ${limit} operations, the most allowed at once over all its ` +
      'websockets; complete one before starting another',
    { extensions: { code: 'TOO_MANY_OPERATIONS', limit } },
  );

/**
 * The graphql-ws connections of each token: what a token holds open is bounded (sockets, and
 * operations over all of them), and revoking a token closes its sockets at once (4403).
 *
 * Operations are counted from graphql-ws's own per-connection table, which it fills at a
 * `subscribe` message and empties when the operation ends, however it ends (completed by either
 * side, failed, refused, socket closed); nothing here can drift from it.
 */
export class WsSessions {
  private readonly byToken = new Map<string, Set<WsSession>>();

  constructor(private readonly limits: WsSessionLimits) {}

  /**
   * Adds an authenticated connection to its token; false (and the socket closed with 1008 and
   * a reason naming the limit) when the token holds the most sockets allowed already.
   */
  admit(tokenId: string, session: WsSession): boolean {
    let set = this.byToken.get(tokenId);
    if (set && set.size >= this.limits.maxSocketsPerToken) {
      session.socket.close(
        POLICY_VIOLATION,
        `too many connections for this token (at most ${this.limits.maxSocketsPerToken})`,
      );
      return false;
    }
    if (!set) this.byToken.set(tokenId, (set = new Set()));
    const sessions = set;
    sessions.add(session);
    session.socket.once('close', () => {
      sessions.delete(session);
      if (sessions.size === 0 && this.byToken.get(tokenId) === sessions) {
        this.byToken.delete(tokenId);
      }
    });
    return true;
  }

  /**
   * The refusal for an operation that would take the token over its limit, or undefined. Called
   * from graphql-ws's `onSubscribe`, when the new operation is already in its connection's table.
   */
  refuseOperation(tokenId: string): GraphQLError | undefined {
    const set = this.byToken.get(tokenId);
    if (!set) return undefined;
    let running = 0;
    for (const session of set) running += Object.keys(session.context.subscriptions).length;
    return running > this.limits.maxOperationsPerToken
      ? tooManyOperations(this.limits.maxOperationsPerToken)
      : undefined;
  }

  /** Closes every socket of a token (4403), a moment after its streams sent TOKEN_REVOKED. */
  close(tokenId: string): void {
    const set = this.byToken.get(tokenId);
    if (!set) return;
    setTimeout(() => {
      for (const session of set) {
        session.socket.close(CloseCode.Forbidden, 'Forbidden: token revoked');
      }
    }, 100).unref();
  }
}

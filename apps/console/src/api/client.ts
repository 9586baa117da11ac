import type { Client } from 'graphql-ws';
import { getToken, subscribeSession } from '../app/session-store';
import { asRequestError, fromWireError, GraphQLRequestError } from './errors';

export { GraphQLRequestError, isGraphQLRequestError } from './errors';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message?: unknown; extensions?: Record<string, unknown> }[];
}

/**
 * POSTs one operation to the hub's /graphql and returns the whole response (data and errors),
 * for the IDE. `token` defaults to the session's.
 */
export async function rawGql<T>(
  query: string,
  variables?: Record<string, unknown>,
  token: string | undefined = getToken(),
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables: variables ?? {} }),
    });
  } catch (e) {
    throw asRequestError(e);
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new GraphQLRequestError(
      `HTTP_${response.status}`,
      `the hub answered ${response.status} ${response.statusText} without a GraphQL body`,
    );
  }
  return { status: response.status, body };
}

/**
 * One query or mutation. Resolves with `data`; throws GraphQLRequestError (code, reason, field)
 * with the hub's first error.
 */
export async function gql<T>(
  query: string,
  variables?: Record<string, unknown>,
  options: { token?: string } = {},
): Promise<T> {
  const { status, body } = await rawGql<T>(query, variables, options.token ?? getToken());
  const first = body.errors?.[0];
  if (first) throw fromWireError(first, `HTTP_${status}`);
  if (body.data === undefined || body.data === null) {
    throw new GraphQLRequestError(`HTTP_${status}`, 'the hub answered without data');
  }
  return body.data;
}

let ws: { client: Promise<Client>; token: string | undefined } | undefined;

/**
 * Closes a websocket client that is no longer wanted. graphql-ws's `dispose()` waits for a
 * connection still being made and rejects when that connect failed (as does a client whose
 * module did not load): nothing is left to close then, and the rejection must not surface as an
 * unhandled one in the browser.
 */
function disposeQuietly(client: Promise<Client>): void {
  client.then((c) => c.dispose()).catch(() => undefined);
}

// A websocket belongs to one token: signing out or in closes it.
subscribeSession(() => {
  if (ws && ws.token !== getToken()) {
    disposeQuietly(ws.client);
    ws = undefined;
  }
});

/** graphql-ws is loaded on the first live view, so pages without one do not pay for it. */
function wsClient(): Promise<Client> {
  const token = getToken();
  if (!ws || ws.token !== token) {
    if (ws) disposeQuietly(ws.client);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = {
      token,
      client: import('graphql-ws').then(({ createClient }) =>
        createClient({
          url: `${scheme}//${location.host}/graphql`,
          connectionParams: token ? { authorization: `Bearer ${token}` } : {},
          lazy: true,
          retryAttempts: 5,
        }),
      ),
    };
  }
  return ws.client;
}

/**
 * A live subscription over graphql-ws at /graphql. Calls `onData` for each event; `onError`
 * gets a GraphQLRequestError. Returns the unsubscribe function.
 */
export function live<T>(
  query: string,
  variables: Record<string, unknown> | undefined,
  onData: (data: T) => void,
  onError?: (e: Error) => void,
): () => void {
  let stop: (() => void) | undefined;
  let stopped = false;
  wsClient().then(
    (client) => {
      if (stopped) return;
      stop = client.subscribe<T>(
        { query, variables: variables ?? {} },
        {
          next: (result) => {
            const first = result.errors?.[0];
            if (first) onError?.(fromWireError(first, 'SUBSCRIPTION_ERROR'));
            else if (result.data) onData(result.data);
          },
          error: (e: unknown) => onError?.(subscriptionError(e)),
          complete: () => undefined,
        },
      );
    },
    (e: unknown) => onError?.(asRequestError(e)),
  );
  return () => {
    stopped = true;
    stop?.();
  };
}

function subscriptionError(e: unknown): GraphQLRequestError {
  if (Array.isArray(e) && e.length > 0) {
    return fromWireError(e[0] as { message?: unknown }, 'SUBSCRIPTION_ERROR');
  }
  if (e && typeof e === 'object' && 'code' in e && 'reason' in e) {
    // A CloseEvent: 4403 Forbidden (unknown or revoked token), 4500, ...
    const close = e as { code: number; reason: string };
    return new GraphQLRequestError(`CLOSED_${close.code}`, close.reason || 'socket closed');
  }
  return asRequestError(e);
}

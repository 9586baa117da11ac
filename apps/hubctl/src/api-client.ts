import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN_FILE } from '@hub/access';
import type { HubctlConfig } from '@hub/config';
import { CommandError } from './output.js';

/** How long hubctl waits for the hub to answer one request. */
const REQUEST_TIMEOUT_MS = 30_000;

interface GraphQLErrorBody {
  readonly message: string;
  readonly extensions?: { readonly code?: string; readonly reason?: string };
}

interface GraphQLBody<T> {
  readonly data?: T | null;
  readonly errors?: readonly GraphQLErrorBody[];
}

/** Talks to a running hub's GraphQL API on behalf of hubctl commands. */
export interface HubApiClient {
  /** The hub's base URL (`HUB_URL`, else `http://localhost:$HUB_HTTP_PORT`). */
  readonly hubUrl: string;
  /**
   * Runs one GraphQL operation and returns its `data`. A GraphQL error becomes a `CommandError`
   * carrying the hub's own message; an unreachable hub or a bad token, one that says what to check.
   */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** `HUB_ADMIN_TOKEN`, else the token the hub bootstrapped into `<HUB_DATA_DIR>/admin-token`. */
export function resolveAdminToken(config: HubctlConfig): string {
  if (config.adminToken) return config.adminToken;
  const file = join(config.hub.dataDir, ADMIN_TOKEN_FILE);
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length > 0) return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CommandError(
        `cannot read the admin token from ${file}: ${(error as Error).message}`,
      );
    }
  }
  throw new CommandError(
    `no admin token: set HUB_ADMIN_TOKEN, or HUB_DATA_DIR to the hub's data dir (no token in ${file})`,
  );
}

function errorMessage(errors: readonly GraphQLErrorBody[]): string {
  return errors.map((e) => e.message).join('; ');
}

/** A client for the hub named by the configuration; the token is read on first use. */
export function createHubApiClient(config: HubctlConfig): HubApiClient {
  const endpoint = `${config.hubUrl}/graphql`;
  let token: string | undefined;
  return {
    hubUrl: config.hubUrl,
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      token ??= resolveAdminToken(config);
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
        throw new CommandError(
          `cannot reach the hub at ${config.hubUrl} (${cause}); is it running? set HUB_URL to its address`,
        );
      }
      let body: GraphQLBody<T>;
      try {
        body = (await response.json()) as GraphQLBody<T>;
      } catch {
        throw new CommandError(
          `the hub at ${config.hubUrl} answered HTTP ${response.status} without a GraphQL body; is HUB_URL right?`,
        );
      }
      if (body.errors && body.errors.length > 0) {
        const unauthenticated = body.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
        if (unauthenticated) {
          throw new CommandError(
            `the hub at ${config.hubUrl} refused the admin token: ${errorMessage(body.errors)} (check HUB_ADMIN_TOKEN or HUB_DATA_DIR)`,
          );
        }
        throw new CommandError(errorMessage(body.errors));
      }
      if (!response.ok || body.data === undefined || body.data === null) {
        throw new CommandError(
          `the hub at ${config.hubUrl} answered HTTP ${response.status} without data`,
        );
      }
      return body.data;
    },
  };
}

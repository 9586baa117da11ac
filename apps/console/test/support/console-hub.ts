import { startChildHub, type ChildHub } from '../../../../tools/processes/child-hub.js';
import { graphqlHttp } from '../../../hub/test/support/clients.js';
import { adminToken, removeDir, tempDataDir } from '../../../hub/test/support/test-hub.js';

/** A compiled hub (with its built console) on a free loopback port, for browser tests. */
export interface ConsoleHub {
  readonly hub: ChildHub;
  readonly baseUrl: string;
  readonly admin: string;
  /** Runs an operation as `token` and returns its data; throws with the hub's errors. */
  gql<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Issues a token (createToken) and returns its secret. */
  token(input: {
    role: string;
    municipality?: string;
    lab?: string;
    holder?: string;
  }): Promise<string>;
  stop(): Promise<void>;
}

export async function startConsoleHub(env: Record<string, string> = {}): Promise<ConsoleHub> {
  const dataDir = tempDataDir();
  // 60 s: two browser suites, each with its hub and chromium, may start at once on 2 busy cores.
  const hub = await startChildHub({ HUB_DATA_DIR: dataDir, HUB_LOG_LEVEL: 'info', ...env }, 60_000);
  const admin = adminToken(dataDir);
  const gql = async <T>(token: string, query: string, variables: Record<string, unknown> = {}) => {
    const { body } = await graphqlHttp<T>(hub.httpPort, token, query, variables);
    if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  };
  return {
    hub,
    baseUrl: `http://127.0.0.1:${hub.httpPort}`,
    admin,
    gql,
    token: async (input) => {
      const data = await gql<{ createToken: { token: string } }>(
        admin,
        'mutation ($input: CreateTokenInput!) { createToken(input: $input) { token } }',
        { input },
      );
      return data.createToken.token;
    },
    stop: async () => {
      await hub.stop();
      removeDir(dataDir);
    },
  };
}

import { readFileSync } from 'node:fs';
import type { HubctlConfig } from '@hub/config';
import { createHubApiClient, type HubApiClient } from './api-client.js';
import { CommandError } from './output.js';

/**
 * A client acting with the token in `tokenFile` (a privacy officer's own token: four eyes needs
 * to know who acts), or with the hub's admin token when no file is given.
 */
export function apiWithTokenFile(
  config: HubctlConfig,
  tokenFile: string | undefined,
): HubApiClient {
  if (tokenFile === undefined) return createHubApiClient(config);
  let token: string;
  try {
    token = readFileSync(tokenFile, 'utf8').trim();
  } catch (error) {
    throw new CommandError(`cannot read ${tokenFile}: ${(error as Error).message}`);
  }
  if (token.length === 0) throw new CommandError(`${tokenFile} is empty; put your API token in it`);
  return createHubApiClient({ ...config, adminToken: token });
}

export const TOKEN_FILE_HELP = "a file holding your API token (default: the hub's admin token)";

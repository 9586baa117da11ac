import type { RunningHub } from '../../src/hub.js';
import { graphqlHttp } from './clients.js';
import { adminToken } from './test-hub.js';

/** Calls one registry mutation as the admin; throws with the hub's message if it is refused. */
export async function registryMutation<T>(
  hub: RunningHub,
  dataDir: string,
  mutation: 'rotateDeviceCredentials' | 'revokeDevice' | 'decommissionLamppost',
  lab: string,
  lamppost: string,
  fields: string,
): Promise<T> {
  const { body } = await graphqlHttp<Record<string, T>>(
    hub.httpPort,
    adminToken(dataDir),
    `mutation ($lab: String!, $lamppost: String!) { ${mutation}(lab: $lab, lamppost: $lamppost) { ${fields} } }`,
    { lab, lamppost },
  );
  if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data[mutation];
}

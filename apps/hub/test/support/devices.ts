import { graphqlHttp } from './clients.js';
import { adminToken } from './test-hub.js';

export interface ProvisionedDevice {
  readonly lab: string;
  readonly lamppost: string;
  readonly username: string;
  readonly password: string;
  readonly topicPrefix: string;
}

const CREATE_LAB = `mutation ($id: String!, $municipality: String!) {
  createLab(id: $id, municipality: $municipality) { id }
}`;
const PROVISION = `mutation ($lab: String!, $lamppost: String!) {
  provisionDevice(lab: $lab, lamppost: $lamppost) { lab lamppost username password topicPrefix }
}`;

/** Runs an admin mutation over HTTP; throws with the hub's message on a GraphQL error. */
async function adminMutation<T>(
  hub: { readonly httpPort: number },
  dataDir: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: T; reason?: string }> {
  const { body } = await graphqlHttp<T>(hub.httpPort, adminToken(dataDir), query, variables);
  const error = body.errors?.[0];
  if (error) {
    const reason = error.extensions?.reason;
    if (typeof reason === 'string') return { reason };
    throw new Error(error.message);
  }
  return { data: body.data };
}

/**
 * Provisions a lamppost through the hub's GraphQL API with the admin token, creating its lab
 * (municipality `den-haag`) on first use. Returns the credentials for `connectDevice`.
 */
export async function provisionDevice(
  hub: { readonly httpPort: number },
  dataDir: string,
  lab: string,
  lamppost: string,
): Promise<ProvisionedDevice> {
  const created = await adminMutation(hub, dataDir, CREATE_LAB, {
    id: lab,
    municipality: 'den-haag',
  });
  if (created.reason !== undefined && created.reason !== 'LAB_EXISTS') {
    throw new Error(`createLab ${lab}: ${created.reason}`);
  }
  const provisioned = await adminMutation<{ provisionDevice: ProvisionedDevice }>(
    hub,
    dataDir,
    PROVISION,
    { lab, lamppost },
  );
  if (!provisioned.data)
    throw new Error(`provisionDevice ${lab}/${lamppost}: ${provisioned.reason}`);
  return provisioned.data.provisionDevice;
}

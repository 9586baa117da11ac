import { hubAdminCall } from '../../../../simulators/shared/hub-admin-call.js';
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
const PROVISION = `mutation ($lab: String!, $lamppost: String!, $position: PositionInput) {
  provisionDevice(lab: $lab, lamppost: $lamppost, position: $position) {
    lab lamppost username password topicPrefix
  }
}`;

/** Runs an admin mutation over HTTP; a refusal the hub names comes back as its reason. */
const adminMutation = <T>(
  hub: { readonly httpPort: number },
  dataDir: string,
  query: string,
  variables: Record<string, unknown>,
) =>
  hubAdminCall<T>(
    `http://127.0.0.1:${hub.httpPort}/graphql`,
    adminToken(dataDir),
    query,
    variables,
  );

/**
 * Provisions a lamppost through the hub's GraphQL API with the admin token, creating its lab
 * (municipality `den-haag`) on first use, placed at `position` when given. Returns the
 * credentials for `connectDevice`.
 */
export async function provisionDevice(
  hub: { readonly httpPort: number },
  dataDir: string,
  lab: string,
  lamppost: string,
  position?: { lat: number; lon: number },
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
    { lab, lamppost, position },
  );
  if (!provisioned.data)
    throw new Error(`provisionDevice ${lab}/${lamppost}: ${provisioned.reason}`);
  return provisioned.data.provisionDevice;
}

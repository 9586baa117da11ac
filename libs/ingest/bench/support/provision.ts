import { hubAdminCall as call } from '../../../../simulators/shared/hub-admin-call.js';

export interface ProvisionedDevice {
  lamppost: string;
  username: string;
  password: string;
  topicPrefix: string;
}

/**
 * Provisions `count` lampposts through the hub's GraphQL API with the admin token, as a partner
 * would with `hubctl device provision`. Each provisioning hashes a new secret with the KDF, so a
 * few run in parallel (the hash runs on libuv's thread pool).
 */
export async function provisionDevices(
  httpPort: number,
  token: string,
  lab: string,
  ids: readonly string[],
  parallel = 4,
): Promise<ProvisionedDevice[]> {
  const url = `http://127.0.0.1:${httpPort}/graphql`;
  const created = await call(
    url,
    token,
    'mutation ($id: String!, $m: String!) { createLab(id: $id, municipality: $m) { id } }',
    { id: lab, m: 'den-haag' },
  );
  if (created.reason && created.reason !== 'LAB_EXISTS') {
    throw new Error(`createLab ${lab}: ${created.reason}`);
  }
  const out: ProvisionedDevice[] = new Array<ProvisionedDevice>(ids.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      const lamppost = ids[i];
      const r = await call<{ provisionDevice: Omit<ProvisionedDevice, 'lamppost'> }>(
        url,
        token,
        'mutation ($lab: String!, $lamppost: String!) { provisionDevice(lab: $lab, lamppost: $lamppost) { username password topicPrefix } }',
        { lab, lamppost },
      );
      if (!r.data) throw new Error(`provisionDevice ${lab}/${lamppost}: ${r.reason}`);
      out[i] = { lamppost, ...r.data.provisionDevice };
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

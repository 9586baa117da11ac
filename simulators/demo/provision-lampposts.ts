import { hubAdminCall as call } from '../shared/hub-admin-call.js';
import type { CredentialMap } from '../shared/credentials.js';

const FIELDS = 'username password topicPrefix';

/**
 * Gives the demo's lampposts device credentials through the hub's partner API, as a partner
 * would with `hubctl`: the lab is created on first run; a lamppost provisioned by an earlier run
 * (same data dir) gets its credentials rotated, since passwords are shown only once.
 */
export async function provisionLampposts(
  graphqlUrl: string,
  token: string,
  lab: string,
  municipality: string,
  lampposts: readonly string[],
): Promise<CredentialMap> {
  const created = await call(
    graphqlUrl,
    token,
    'mutation ($id: String!, $m: String!) { createLab(id: $id, municipality: $m) { id } }',
    { id: lab, m: municipality },
  );
  if (created.reason && created.reason !== 'LAB_EXISTS') {
    throw new Error(`cannot create lab ${lab}: ${created.reason}`);
  }
  type Issued = { username: string; password: string };
  const credentials: CredentialMap = new Map();
  for (const lamppost of lampposts) {
    const vars = { lab, lamppost };
    let issued = await call<{ provisionDevice: Issued }>(
      graphqlUrl,
      token,
      `mutation ($lab: String!, $lamppost: String!) { provisionDevice(lab: $lab, lamppost: $lamppost) { ${FIELDS} } }`,
      vars,
    ).then((r) => ({ credentials: r.data?.provisionDevice, reason: r.reason }));
    if (issued.reason === 'LAMPPOST_EXISTS') {
      issued = await call<{ rotateDeviceCredentials: Issued }>(
        graphqlUrl,
        token,
        `mutation ($lab: String!, $lamppost: String!) { rotateDeviceCredentials(lab: $lab, lamppost: $lamppost) { ${FIELDS} } }`,
        vars,
      ).then((r) => ({ credentials: r.data?.rotateDeviceCredentials, reason: r.reason }));
    }
    if (!issued.credentials) {
      throw new Error(`cannot provision lamppost ${lamppost} in ${lab}: ${issued.reason}`);
    }
    const { username, password } = issued.credentials;
    credentials.set(lamppost, { username, password });
  }
  return credentials;
}

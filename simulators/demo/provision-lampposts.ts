import { hubAdminCall as call } from '../shared/hub-admin-call.js';
import type { CredentialMap } from '../shared/credentials.js';

const FIELDS = 'username password topicPrefix';
type Issued = { username: string; password: string };

export interface Provisioned {
  readonly credentials: CredentialMap;
  /** What happened to each lamppost, for one line of output. */
  readonly provisioned: string[];
  readonly reused: string[];
  readonly rotated: string[];
  readonly labCreated: boolean;
}

async function issue(
  graphqlUrl: string,
  token: string,
  mutation: 'provisionDevice' | 'rotateDeviceCredentials',
  lab: string,
  lamppost: string,
): Promise<Issued> {
  const answer = await call<Record<string, Issued>>(
    graphqlUrl,
    token,
    `mutation ($lab: String!, $lamppost: String!) { ${mutation}(lab: $lab, lamppost: $lamppost) { ${FIELDS} } }`,
    { lab, lamppost },
  );
  const issued = answer.data?.[mutation];
  if (!issued) throw new Error(`cannot provision lamppost ${lamppost} in ${lab}: ${answer.reason}`);
  return issued;
}

/**
 * Gives the demo's lampposts device credentials through the hub's partner API, as a partner
 * would with `hubctl`. It asks first what exists, so a second run on the same data dir neither
 * provokes "already exists" errors nor changes passwords: a lamppost whose password the demo kept
 * (`known`, from demo-devices.json) is reused as is; only one it has no password for is rotated.
 */
export async function provisionLampposts(
  graphqlUrl: string,
  token: string,
  lab: string,
  municipality: string,
  lampposts: readonly string[],
  known: CredentialMap,
): Promise<Provisioned> {
  const labs = await call<{ labs: { id: string }[] }>(graphqlUrl, token, '{ labs { id } }', {});
  const labCreated = !(labs.data?.labs ?? []).some((l) => l.id === lab);
  if (labCreated) {
    const created = await call(
      graphqlUrl,
      token,
      'mutation ($id: String!, $m: String!) { createLab(id: $id, municipality: $m) { id } }',
      { id: lab, m: municipality },
    );
    if (created.reason) throw new Error(`cannot create lab ${lab}: ${created.reason}`);
  }
  const existing = await call<{ devices: { lamppost: string; status: string }[] }>(
    graphqlUrl,
    token,
    'query ($lab: String!) { devices(lab: $lab) { lamppost status } }',
    { lab },
  );
  const status = new Map((existing.data?.devices ?? []).map((d) => [d.lamppost, d.status]));
  const result: Provisioned = {
    credentials: new Map(),
    provisioned: [],
    reused: [],
    rotated: [],
    labCreated,
  };
  for (const lamppost of lampposts) {
    const kept = known.get(lamppost);
    const now = status.get(lamppost);
    if (now === 'active' && kept) {
      result.credentials.set(lamppost, kept);
      result.reused.push(lamppost);
      continue;
    }
    const mutation = now === undefined ? 'provisionDevice' : 'rotateDeviceCredentials';
    const { username, password } = await issue(graphqlUrl, token, mutation, lab, lamppost);
    result.credentials.set(lamppost, { username, password });
    (now === undefined ? result.provisioned : result.rotated).push(lamppost);
  }
  return result;
}

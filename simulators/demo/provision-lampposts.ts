import { hubAdminCall as call } from '../shared/hub-admin-call.js';
import type { CredentialMap } from '../shared/credentials.js';

const FIELDS = 'username password topicPrefix';
type Issued = { username: string; password: string };

/** A lamppost to provision and where it stands (WGS84). */
export interface PlacedLamppost {
  readonly id: string;
  readonly position: { readonly lat: number; readonly lon: number };
}

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
  lamppost: PlacedLamppost,
): Promise<Issued> {
  const answer = await call<Record<string, Issued>>(
    graphqlUrl,
    token,
    mutation === 'provisionDevice'
      ? `mutation ($lab: String!, $lamppost: String!, $position: PositionInput) {
          provisionDevice(lab: $lab, lamppost: $lamppost, position: $position) { ${FIELDS} } }`
      : `mutation ($lab: String!, $lamppost: String!) { ${mutation}(lab: $lab, lamppost: $lamppost) { ${FIELDS} } }`,
    {
      lab,
      lamppost: lamppost.id,
      ...(mutation === 'provisionDevice' && { position: lamppost.position }),
    },
  );
  const issued = answer.data?.[mutation];
  if (!issued) {
    throw new Error(`cannot provision lamppost ${lamppost.id} in ${lab}: ${answer.reason}`);
  }
  return issued;
}

/**
 * Gives the demo's lampposts device credentials through the hub's partner API, as a partner
 * would with `hubctl`. It asks first what exists, so a second run on the same data dir neither
 * provokes "already exists" errors nor changes passwords: a lamppost whose password the demo kept
 * (`known`, from demo-devices.json) is reused as is; only one it has no password for is rotated.
 * Each is placed on the map: at provisioning, or afterwards for one kept from a run before
 * lampposts had positions.
 */
export async function provisionLampposts(
  graphqlUrl: string,
  token: string,
  lab: string,
  municipality: string,
  lampposts: readonly PlacedLamppost[],
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
  const existing = await call<{
    devices: { lamppost: string; status: string; position: { lat: number } | null }[];
  }>(
    graphqlUrl,
    token,
    'query ($lab: String!) { devices(lab: $lab) { lamppost status position { lat } } }',
    { lab },
  );
  const status = new Map((existing.data?.devices ?? []).map((d) => [d.lamppost, d.status]));
  const placed = new Set(
    (existing.data?.devices ?? []).filter((d) => d.position !== null).map((d) => d.lamppost),
  );
  const result: Provisioned = {
    credentials: new Map(),
    provisioned: [],
    reused: [],
    rotated: [],
    labCreated,
  };
  for (const lamppost of lampposts) {
    const id = lamppost.id;
    const now = status.get(id);
    if (now !== undefined && now !== 'decommissioned' && !placed.has(id)) {
      const { lat, lon } = lamppost.position;
      const set = await call(
        graphqlUrl,
        token,
        `mutation ($lab: String!, $lamppost: String!, $lat: Float!, $lon: Float!) {
          setLamppostPosition(lab: $lab, lamppost: $lamppost, lat: $lat, lon: $lon) { lamppost } }`,
        { lab, lamppost: id, lat, lon },
      );
      if (set.reason) throw new Error(`cannot place lamppost ${id} in ${lab}: ${set.reason}`);
    }
    const kept = known.get(id);
    if (now === 'active' && kept) {
      result.credentials.set(id, kept);
      result.reused.push(id);
      continue;
    }
    const mutation = now === undefined ? 'provisionDevice' : 'rotateDeviceCredentials';
    const { username, password } = await issue(graphqlUrl, token, mutation, lab, lamppost);
    result.credentials.set(id, { username, password });
    (now === undefined ? result.provisioned : result.rotated).push(id);
  }
  return result;
}

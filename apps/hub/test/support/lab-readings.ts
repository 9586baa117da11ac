import type { RunningHub } from '../../src/hub.js';
import { graphqlHttp } from './clients.js';
import { adminToken } from './test-hub.js';

const READINGS = `query ($kind: String!) {
  readings(filter: { lab: "scheveningen", kind: $kind }, first: 100) {
    edges { node { lamppost kind observedAt values } }
  }
}`;

export interface LabReading {
  lamppost: string;
  kind: string;
  observedAt: string;
  values: Record<string, unknown>;
}

/** The first 100 stored readings of one kind of the Scheveningen lab, as the admin reads them. */
export async function labReadings(
  hub: RunningHub,
  dataDir: string,
  kind: string,
): Promise<LabReading[]> {
  const answer = await graphqlHttp<{ readings: { edges: { node: LabReading }[] } }>(
    hub.httpPort,
    adminToken(dataDir),
    READINGS,
    { kind },
  );
  return (answer.body.data?.readings.edges ?? []).map((e) => e.node);
}

/** The GraphQL operations of the municipality view (the hub's own API, nothing else). */

export const LABS = `query MunicipalityLabs {
  whatCanISee {
    role municipality
    readings { lab owner basis level kinds agreementIds until }
    aggregatesOnly { lab owner basis level kinds agreementIds until }
  }
  agreements(direction: RECEIVED) { id lab owner kinds level purpose until status }
}`;

export const LAMPPOSTS = `query LabLampposts($lab: String!) {
  lampposts(lab: $lab) {
    id position { lat lon }
    latest { cursor lamppost kind observedAt values rule { version } }
  }
}`;

export const LIVE = `subscription LiveReadings($filter: ReadingFilter, $after: String) {
  readings(filter: $filter, after: $after) { cursor lamppost kind observedAt values rule { version } }
}`;

export const HISTORY = `query History($filter: ReadingFilter, $last: Int) {
  readings(filter: $filter, last: $last) {
    edges { node { cursor lamppost kind observedAt values rule { version } } }
  }
}`;

export const AGGREGATES = `query Aggregates($lab: String!, $kinds: [String!], $from: DateTime, $to: DateTime) {
  aggregates(lab: $lab, kinds: $kinds, from: $from, to: $to, first: 500) {
    kind hour count suppressed noisy agreementId
    measure { name unit value min max suppressed noisy }
  }
}`;

export interface LabAccess {
  lab: string;
  owner: string | null;
  basis: string;
  level: string;
  kinds: string[] | null;
  agreementIds: string[];
  until: string | null;
}

export interface Agreement {
  id: string;
  lab: string;
  owner: string;
  kinds: string[];
  level: string;
  purpose: string;
  until: string;
  status: string;
}

export interface ReadingNode {
  cursor: string;
  lamppost: string;
  kind: string;
  observedAt: string;
  values: Record<string, unknown>;
  rule: { version: number };
}

export interface LamppostNode {
  id: string;
  position: { lat: number; lon: number } | null;
  latest: ReadingNode[];
}

export interface AggregateRow {
  kind: string;
  hour: string;
  count: number | null;
  suppressed: boolean;
  noisy: boolean;
  agreementId: string | null;
  measure: {
    name: string;
    unit: string;
    value: number | null;
    min: number | null;
    max: number | null;
    suppressed: boolean;
    noisy: boolean;
  } | null;
}

/** The GraphQL the partner board sends, and the shapes it reads back. */

export interface LabRef {
  readonly id: string;
  readonly municipality: string;
}

export interface DeviceHealth {
  readonly lamppost: string;
  readonly username: string;
  readonly topicPrefix: string;
  readonly status: 'active' | 'revoked' | 'decommissioned';
  readonly changedAt: string;
  readonly connection: {
    readonly online: boolean;
    readonly since: string | null;
    readonly lastSeen: string | null;
  };
  readonly refusals: readonly {
    readonly code: string;
    readonly count: number;
    readonly latestReason: string | null;
    readonly latestAt: string;
  }[];
  readonly recentRefusals: readonly {
    readonly code: string;
    readonly reason: string | null;
    readonly field: string | null;
    readonly topic: string;
    readonly at: string;
  }[];
}

export interface LatestReading {
  readonly kind: string;
  readonly observedAt: string;
  readonly values: unknown;
}

export interface Board {
  readonly devices: readonly DeviceHealth[];
  readonly lampposts: readonly { readonly id: string; readonly latest: readonly LatestReading[] }[];
}

export interface IssuedCredentials {
  readonly lab: string;
  readonly lamppost: string;
  readonly username: string;
  readonly password: string;
  readonly topicPrefix: string;
}

export const LABS = 'query PartnerLabs { labs { id municipality } }';

/** One round trip per refresh: the devices with their health, and the latest reading per kind. */
export const BOARD = `query PartnerBoard($lab: String!) {
  devices(lab: $lab) {
    lamppost username topicPrefix status changedAt
    connection { online since lastSeen }
    refusals(sinceHours: 24) { code count latestReason latestAt }
    recentRefusals(first: 3) { code reason field topic at }
  }
  lampposts(lab: $lab) { id latest { kind observedAt values } }
}`;

const CREDENTIALS = 'lab lamppost username password topicPrefix';

export const PROVISION = `mutation Provision($lab: String!, $lamppost: String!) {
  provisionDevice(lab: $lab, lamppost: $lamppost) { ${CREDENTIALS} }
}`;

export const ROTATE = `mutation Rotate($lab: String!, $lamppost: String!) {
  rotateDeviceCredentials(lab: $lab, lamppost: $lamppost) { ${CREDENTIALS} }
}`;

export const REVOKE = `mutation Revoke($lab: String!, $lamppost: String!) {
  revokeDevice(lab: $lab, lamppost: $lamppost) { lamppost status }
}`;

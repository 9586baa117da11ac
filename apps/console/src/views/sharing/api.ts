import { gql } from '../../api/client';

/** One lab of the hub as `labDirectory` gives it. */
export interface DirectoryLab {
  readonly lab: string;
  readonly owner: string;
  readonly kinds: string[];
  readonly contacts: string[];
}

export type RequestStatus = 'OPEN' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN' | 'EXPIRED';

export interface SharingRequest {
  readonly id: string;
  readonly lab: string;
  readonly owner: string;
  readonly requester: string;
  readonly kinds: string[];
  readonly level: string;
  readonly purpose: string;
  readonly legalBasis: string;
  readonly until: string;
  readonly status: RequestStatus;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly note: string | null;
  readonly reason: string | null;
  readonly agreementId: string | null;
}

export interface Agreement {
  readonly id: string;
  readonly lab: string;
  readonly grantee: string;
  readonly kinds: string[];
  readonly level: string;
  readonly purpose: string;
  readonly until: string;
  readonly status: string;
}

export interface Visible {
  readonly lab: string;
  readonly owner: string;
  readonly basis: string;
  readonly kinds: string[] | null;
}

export interface RequestInput {
  readonly lab: string;
  readonly kinds: string[];
  readonly level: string;
  readonly purpose: string;
  readonly legalBasis?: string;
  readonly until: string;
}

const REQUEST_FIELDS = `id lab owner requester kinds level purpose legalBasis until status
  requestedAt expiresAt note reason agreementId`;

export const loadDirectory = async (): Promise<DirectoryLab[]> =>
  (await gql<{ labDirectory: DirectoryLab[] }>('{ labDirectory { lab owner kinds contacts } }'))
    .labDirectory;

export const loadRequests = async (direction: 'INCOMING' | 'OUTGOING'): Promise<SharingRequest[]> =>
  (
    await gql<{ sharingRequests: SharingRequest[] }>(
      `query ($direction: RequestDirection!) { sharingRequests(direction: $direction) { ${REQUEST_FIELDS} } }`,
      { direction },
    )
  ).sharingRequests;

export const loadOutgoing = (): Promise<SharingRequest[]> => loadRequests('OUTGOING');
export const loadIncoming = (): Promise<SharingRequest[]> => loadRequests('INCOMING');

export const loadGiven = async (): Promise<Agreement[]> =>
  (
    await gql<{ agreements: Agreement[] }>(
      '{ agreements(direction: GIVEN) { id lab grantee kinds level purpose until status } }',
    )
  ).agreements;

export const loadVisible = async (): Promise<{ readings: Visible[]; aggregatesOnly: Visible[] }> =>
  (
    await gql<{ whatCanISee: { readings: Visible[]; aggregatesOnly: Visible[] } }>(
      '{ whatCanISee { readings { lab owner basis kinds } aggregatesOnly { lab owner basis kinds } } }',
    )
  ).whatCanISee;

export const requestSharing = (input: RequestInput) =>
  gql<{ requestSharing: SharingRequest }>(
    `mutation ($input: RequestSharingInput!) { requestSharing(input: $input) { ${REQUEST_FIELDS} } }`,
    { input },
  );

export const approve = (id: string, note: string) =>
  gql(
    `mutation ($id: String!, $note: String) { approveSharingRequest(id: $id, note: $note) { id } }`,
    {
      id,
      note: note.trim() || null,
    },
  );

export const decline = (id: string, reason: string) =>
  gql(
    'mutation ($id: String!, $reason: String!) { declineSharingRequest(id: $id, reason: $reason) { id } }',
    {
      id,
      reason,
    },
  );

export const withdraw = (id: string) =>
  gql('mutation ($id: String!) { withdrawSharingRequest(id: $id) { id } }', { id });

export const revoke = (id: string) =>
  gql('mutation ($id: String!) { revokeSharing(id: $id) { id } }', { id });

import { readFileSync } from 'node:fs';
import { expect } from '@jest/globals';
import type { RuleSet } from '@hub/privacy';
import type { RunningHub } from '../src/hub.js';
import { graphqlHttp } from './support/clients.js';

/** The shipped Scheveningen rule set (version 1), as a mutable copy. */
export const shippedRuleSet = (): RuleSet =>
  JSON.parse(readFileSync('libs/privacy/rules/scheveningen.json', 'utf8')) as RuleSet;

const CREATE_TOKEN = `mutation ($input: CreateTokenInput!) {
  createToken(input: $input) { token apiToken { id } }
}`;
const CREATE_LAB = `mutation ($id: String!, $municipality: String!) {
  createLab(id: $id, municipality: $municipality) { id }
}`;

/** Issues a real API token through the hub's createToken mutation (admin). */
export async function issueToken(
  hub: RunningHub,
  admin: string,
  input: { role: string; municipality?: string; lab?: string; label?: string; holder?: string },
): Promise<string> {
  const { body } = await graphqlHttp<{ createToken: { token: string } }>(
    hub.httpPort,
    admin,
    CREATE_TOKEN,
    { input },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.createToken.token;
}

export async function createLab(
  hub: RunningHub,
  admin: string,
  lab: string,
  municipality: string,
): Promise<void> {
  const { body } = await graphqlHttp(hub.httpPort, admin, CREATE_LAB, { id: lab, municipality });
  const reason = body.errors?.[0]?.extensions?.reason;
  if (body.errors && reason !== 'LAB_EXISTS') throw new Error(body.errors[0].message);
}

export interface GqlResult<T> {
  data?: T;
  error?: {
    message: string;
    code?: string;
    reason?: string;
    field?: string;
    issues?: { path: string; reason: string; field?: string }[];
  };
}

/** One GraphQL operation; the first error (if any) with its code and reason. */
export async function gql<T>(
  hub: RunningHub,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResult<T>> {
  const { body } = await graphqlHttp<T>(hub.httpPort, token, query, variables);
  const e = body.errors?.[0];
  if (!e) return { data: body.data };
  const ext = (e.extensions ?? {}) as GqlResult<T>['error'] & object;
  return { error: { ...ext, message: e.message } };
}

export const PROPOSE = `mutation ($input: ProposeRuleSetInput!) {
  proposeRuleSet(input: $input) { lab version status hash author { subject role } }
}`;
export const APPROVE = `mutation ($lab: String!, $version: Int!, $note: String) {
  approveRuleSet(lab: $lab, version: $version, note: $note) { version status approver { subject } }
}`;
export const ACTIVATE = `mutation ($lab: String!, $version: Int!, $effectiveAt: String) {
  activateRuleSet(lab: $lab, version: $version, effectiveAt: $effectiveAt) { version status effectiveAt activatedAt }
}`;
export const VERSIONS = `query ($lab: String!) {
  ruleSetVersions(lab: $lab) {
    version status bootstrap reason reference author { subject holder name } approver { subject holder name }
    closedReason effectiveAt activatedAt supersededAt summary hash
  }
}`;
export const VERIFY = `query ($lab: String) {
  ruleChainVerification(lab: $lab) {
    intact labs { lab events intact head break { revision position eventId type reason } }
  }
}`;

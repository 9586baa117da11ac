import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { READING_RECORDED, readingStreamId, type ReadingRecorded } from '@hub/contracts';
import type { RunningHub } from '../src/hub.js';
import { graphqlHttp } from './support/clients.js';

/** Runs an operation and returns its data; fails the test with the hub's message otherwise. */
export async function gql<T>(
  hub: RunningHub,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const { body } = await graphqlHttp<T>(hub.httpPort, token, query, variables);
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

export async function createLab(
  hub: RunningHub,
  admin: string,
  lab: string,
  municipality: string,
): Promise<void> {
  await gql(
    hub,
    admin,
    'mutation ($id: String!, $m: String!) { createLab(id: $id, municipality: $m) { id } }',
    {
      id: lab,
      m: municipality,
    },
  );
}

export async function createToken(
  hub: RunningHub,
  admin: string,
  input: { role: string; municipality?: string; lab?: string; holder?: string },
): Promise<{ token: string; id: string }> {
  const data = await gql<{ createToken: { token: string; apiToken: { id: string } } }>(
    hub,
    admin,
    'mutation ($input: CreateTokenInput!) { createToken(input: $input) { token apiToken { id } } }',
    { input },
  );
  return { token: data.createToken.token, id: data.createToken.apiToken.id };
}

export async function grant(
  hub: RunningHub,
  token: string,
  input: { lab: string; to: string; kinds: string[]; until: string; level?: string },
): Promise<string> {
  const data = await gql<{ grantSharing: { id: string } }>(
    hub,
    token,
    'mutation ($input: GrantSharingInput!) { grantSharing(input: $input) { id } }',
    { input: { purpose: 'air quality policy', legalBasis: 'public task', ...input } },
  );
  return data.grantSharing.id;
}

export async function revokeAgreement(hub: RunningHub, token: string, id: string): Promise<void> {
  await gql(hub, token, 'mutation ($id: String!) { revokeSharing(id: $id) { id } }', { id });
}

let seq = 0;
/** Stores a reading straight into the log (as ingest would after the privacy filter). */
export async function appendReading(
  hub: RunningHub,
  r: {
    lab: string;
    lamppost?: string;
    kind: string;
    observedAt?: string;
    values?: Record<string, unknown>;
    audience?: ReadingRecorded['audience'];
  },
): Promise<number> {
  const store = hub.app.get<EventStore>(EVENT_STORE);
  const lamppost = r.lamppost ?? 'lp-1';
  const reading: ReadingRecorded = {
    lab: r.lab,
    lamppost,
    location: { lamppost },
    kind: r.kind,
    seq: ++seq,
    observedAt: r.observedAt ?? new Date().toISOString(),
    intervalSeconds: 60,
    audience: r.audience ?? 'any',
    values: r.values ?? { celsius: 20 },
    rule: { id: 'test-rules', version: 1, hash: 'a'.repeat(64) },
    transforms: ['allowlist'],
    receivedAt: new Date().toISOString(),
  };
  const result = await store.appendToStream(readingStreamId(reading), [
    { id: randomUUID(), type: READING_RECORDED, data: reading },
  ]);
  return result.position;
}

export interface Collected<T> {
  readonly items: T[];
  /** Resolves with the stream's error (or undefined when it completed). */
  readonly ended: Promise<{ message: string; extensions?: Record<string, unknown> } | undefined>;
  /** Resolves once `count` results are in; rejects after `timeoutMs` (default 30 s). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

/** Subscribes and collects every `next`; `ended` settles on error or completion. */
export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
): Collected<T> {
  const items: T[] = [];
  let endedWith = 'still running';
  const listeners = new Set<() => void>();
  let endResolve: (
    e: { message: string; extensions?: Record<string, unknown> } | undefined,
  ) => void = () => undefined;
  const ended = new Promise<{ message: string; extensions?: Record<string, unknown> } | undefined>(
    (resolve) =>
      (endResolve = (e) => {
        endedWith = e ? JSON.stringify(e) : 'completed';
        resolve(e);
      }),
  );
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) {
          endResolve(value.errors[0]);
          return;
        }
        items.push(value.data as T);
        for (const l of listeners) l();
      },
      error: (error) => {
        const e = Array.isArray(error)
          ? (error[0] as { message: string })
          : (error as { message?: string; code?: number; reason?: string });
        endResolve({
          message: String(
            e.message ?? (e as { reason?: string }).reason ?? (e as { code?: number }).code,
          ),
          extensions: (e as { extensions?: Record<string, unknown> }).extensions ?? {
            closeCode: (e as { code?: number }).code,
          },
        });
      },
      complete: () => endResolve(undefined),
    },
  );
  return {
    items,
    ended,
    stop,
    waitFor: (count, timeoutMs = 30_000) =>
      new Promise<T[]>((resolve, reject) => {
        if (items.length >= count) return resolve(items);
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `got ${items.length} of ${count} results in ${timeoutMs} ms (stream: ${endedWith})`,
            ),
          );
        }, timeoutMs);
        const check = () => {
          if (items.length < count) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(items);
        };
        listeners.add(check);
      }),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

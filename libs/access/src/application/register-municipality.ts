import { randomUUID } from 'node:crypto';
import { isWrongExpectedRevisionError, type EventStore } from '@hub/event-store';
import {
  MUNICIPALITY_REGISTERED,
  municipalityStream,
  type MunicipalityRegistered,
} from '../domain/access-events.js';
import type { AccessDirectory } from './access-directory.js';

/**
 * Registers a municipality on first use (a token or an agreement names it). The stream is the
 * registry's too: whoever registers first wins and the other's append is a no-op.
 */
export async function registerMunicipality(
  store: EventStore,
  directory: AccessDirectory,
  municipality: string,
): Promise<void> {
  if (directory.state.municipalities.has(municipality)) return;
  const data: MunicipalityRegistered = { municipality };
  try {
    const result = await store.appendToStream(
      municipalityStream(municipality),
      [{ id: randomUUID(), type: MUNICIPALITY_REGISTERED, data }],
      { expectedRevision: 'no_stream' },
    );
    await directory.waitForPosition(result.position);
  } catch (error) {
    if (!isWrongExpectedRevisionError(error)) throw error;
  }
}

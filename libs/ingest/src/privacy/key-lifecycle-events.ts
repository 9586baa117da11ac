import type { EventStore } from '@hub/event-store';
import type { KeyLifecycleRecord } from '@hub/privacy';

export const KEY_STREAM = 'privacy-keys';

const TYPES: Record<KeyLifecycleRecord['event'], string> = {
  'key-created': 'PseudonymKeyCreated',
  'key-rotated': 'PseudonymKeyRotated',
  'key-destroyed': 'PseudonymKeyDestroyed',
};

/**
 * Appends the pseudonymisation keys' lifecycle (ids and times, never key material) to the log, in
 * order. The keyring reports synchronously; appends are chained so none is lost or reordered.
 */
export class KeyLifecycleRecorder {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly onError: (error: unknown) => void,
  ) {}

  record = (record: KeyLifecycleRecord): void => {
    this.chain = this.chain
      .then(() =>
        this.store
          .appendToStream(KEY_STREAM, [
            { id: crypto.randomUUID(), type: TYPES[record.event], data: record },
          ])
          .then(() => undefined),
      )
      .catch(this.onError);
  };

  /** Resolves once every record so far is in the log. */
  flushed(): Promise<void> {
    return this.chain;
  }
}

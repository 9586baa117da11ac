import { HubError } from '@hub/contracts';

export type MqttListenerErrorCode = 'TLS_FILE_UNREADABLE' | 'TLS_SETUP_FAILED';

/** A listener could not be opened; the message names the file or setting to fix. */
export class MqttListenerError extends HubError {
  override readonly audience = 'operator';
  constructor(
    readonly code: MqttListenerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

import { HubError } from '@hub/contracts';

/** One environment variable that failed validation, with what is allowed instead. */
export interface ConfigProblem {
  readonly variable: string;
  readonly value: string | undefined;
  readonly allowed: string;
}

/** Thrown at boot when the environment is invalid; the hub prints it and exits. */
export class ConfigError extends HubError {
  override readonly audience = 'operator';
  readonly code = 'INVALID_CONFIGURATION';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      'Invalid configuration:\n' +
        problems
          .map((p) => `  ${p.variable}=${JSON.stringify(p.value ?? '')}: ${p.allowed}`)
          .join('\n'),
    );
  }
}

/**
 * Who must act on an error. A refusal is the sender's: its code, reason and message reach the
 * client (GraphQL `extensions`, an MQTT rejection). A fault is the operator's: clients see only
 * INTERNAL_SERVER_ERROR with an error id, and the hub logs the cause under that id.
 */
export type ErrorAudience = 'sender' | 'operator';

/**
 * The one error model of the hub: every context's typed errors extend it.
 *
 * - `code`: stable and machine-readable; what a client switches on first (GraphQL
 *   `extensions.code`: BAD_USER_INPUT, FORBIDDEN, NOT_FOUND, CONFLICT, ...).
 * - `reason`: the finer machine-readable cause under that code, when the code alone does not say
 *   which (`INVALID_CURSOR`, `NO_AGREEMENT`, ...).
 * - `message`: the human text, saying what the sender can do about it.
 * - `field`: the input at fault, when one is; `details()`: any further fields a client can use.
 *
 * The codes and reasons of each context are listed next to its errors (docs/architecture.md,
 * "Errors"); they are part of the API and do not change.
 */
export abstract class HubError extends Error {
  abstract readonly code: string;
  readonly reason?: string;
  readonly field?: string;
  readonly audience: ErrorAudience = 'sender';

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    // Every subclass is named after itself in logs and stack traces.
    this.name = new.target.name;
  }

  /** Fields beyond code, reason and field that a client can act on (e.g. whom to ask). */
  details(): Readonly<Record<string, unknown>> {
    return {};
  }
}

export const isHubError = (e: unknown): e is HubError => e instanceof HubError;

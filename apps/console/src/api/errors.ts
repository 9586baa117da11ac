/** One error shape for every view: the hub's machine-readable code, its reason and message. */
export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError';

  /** The hub's reason: `extensions.reason` when it gives one (e.g. `OUT_OF_SCOPE`), else its message. */
  readonly reason: string;

  constructor(
    /** The hub's code, e.g. `UNAUTHENTICATED`, `BAD_USER_INPUT`, or `NETWORK` / `HTTP_502`. */
    readonly code: string,
    /** The hub's explanation in words. */
    message: string,
    reason?: string,
    /** The input field the hub named, when it named one. */
    readonly field?: string,
  ) {
    super(message);
    this.reason = reason ?? message;
  }
}

export const isGraphQLRequestError = (e: unknown): e is GraphQLRequestError =>
  e instanceof GraphQLRequestError;

interface WireError {
  message?: unknown;
  extensions?: { code?: unknown; reason?: unknown; field?: unknown };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The first error of a GraphQL response as a GraphQLRequestError. */
export function fromWireError(error: WireError, fallbackCode: string): GraphQLRequestError {
  const ext = error.extensions ?? {};
  return new GraphQLRequestError(
    str(ext.code) ?? fallbackCode,
    str(error.message) ?? 'the hub gave no reason',
    str(ext.reason),
    str(ext.field),
  );
}

/** Any thrown value as a GraphQLRequestError (network failures get the code `NETWORK`). */
export function asRequestError(e: unknown): GraphQLRequestError {
  if (e instanceof GraphQLRequestError) return e;
  if (e instanceof Error) return new GraphQLRequestError('NETWORK', e.message);
  return new GraphQLRequestError('NETWORK', String(e));
}

import { Lexer, Source, TokenKind, type GraphQLError } from 'graphql';
import { operationLimitError } from './operation-limit-error.js';

export interface DocumentLimits {
  /** Lexical tokens of the query (comments excluded, as graphql-js counts them). */
  readonly maxTokens: number;
  /** UTF-8 bytes of the variables as JSON. */
  readonly maxVariablesBytes: number;
}

/**
 * The check every GraphQL request passes before it is parsed, over HTTP (the Apollo context) and
 * over graphql-ws (`onSubscribe`). Invariant: what the hub does with a request is bounded by its
 * size; this bounds the size. Counting stops at the first token over the limit, so a refusal
 * costs no more than the limit; a document the lexer cannot read is left to the parser, which
 * reports the syntax error as usual.
 *
 * Returns the refusal, or undefined when the request is within the limits.
 */
export function refuseOversizedRequest(
  query: unknown,
  variables: unknown,
  limits: DocumentLimits,
): GraphQLError | undefined {
  if (typeof query === 'string' && tokensExceed(query, limits.maxTokens)) {
    return operationLimitError(
      'TOO_MANY_TOKENS',
      `the document has more than ${limits.maxTokens} tokens; send a smaller operation`,
    );
  }
  if (variables !== undefined && variables !== null) {
    const bytes = Buffer.byteLength(JSON.stringify(variables) ?? '', 'utf8');
    if (bytes > limits.maxVariablesBytes) {
      return operationLimitError(
        'VARIABLES_TOO_LARGE',
        `the variables take ${bytes} bytes as JSON; at most ${limits.maxVariablesBytes} are allowed`,
      );
    }
  }
  return undefined;
}

function tokensExceed(query: string, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(query));
  try {
    // advance() skips comments, as parse(source, { maxTokens }) does when it counts.
    for (let count = 0; count <= maxTokens; count++) {
      if (lexer.advance().kind === TokenKind.EOF) return false;
    }
    return true;
  } catch {
    return false; // a syntax error: the parser reports it
  }
}

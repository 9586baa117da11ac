import { describe, expect, test } from '@jest/globals';
import { Logger, type LoggerService } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { RuleHashMismatchError, UnknownRuleVersionError } from '@hub/contracts';
import { formatGraphQLError } from './graphql-error-format.js';

/** A log sink that keeps what it is given at error level. */
class Recorder implements LoggerService {
  readonly errors: unknown[] = [];
  log() {}
  warn() {}
  error(message: unknown) {
    this.errors.push(message);
  }
}

/** What graphql-js hands the formatter for a resolver's exception: the error and its JSON. */
const asResolverError = (cause: Error) => {
  const error = new GraphQLError(cause.message, { path: ['readings'], originalError: cause });
  return formatGraphQLError(error.toJSON(), error);
};

describe('the GraphQL formatter and the reading codec`s errors (operator audience)', () => {
  test.each([
    ['an unknown rule version', new UnknownRuleVersionError('lab-a', 'lab-rules@3#a1b2c3d4')],
    [
      'a rule hash mismatch',
      new RuleHashMismatchError('lab-a', 'lab-rules@3#a1b2c3d4', 'f'.repeat(64)),
    ],
  ])(
    '%s reaches a client as INTERNAL_SERVER_ERROR with an error id, its cause only in the log',
    (_what, cause) => {
      const recorder = new Recorder();
      Logger.overrideLogger(recorder);
      let formatted;
      try {
        formatted = asResolverError(cause);
      } finally {
        Logger.overrideLogger(new Logger());
      }
      const errorId = formatted.extensions?.errorId as string;
      expect(formatted).toEqual({
        message: `internal error ${errorId}: the hub could not complete this operation; its operator can look this id up in the hub's log`,
        path: ['readings'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) },
      });
      // Nothing of the lab, the rule or its hash reaches the client.
      expect(JSON.stringify(formatted)).not.toMatch(/lab-a|lab-rules|a1b2c3d4|RULE_/);
      expect(recorder.errors).toEqual([
        expect.objectContaining({ msg: 'graphql server fault', errorId, err: cause }),
      ]);
    },
  );
});

import { describe, expect, test } from '@jest/globals';
import { Logger, type LoggerService } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { GraphQLError } from 'graphql';
import { FeedForbiddenError } from '@hub/access';
import { StoreClosedError } from '@hub/event-store';
import { graphqlErrorKind } from './graphql-error-kind.js';
import { GraphQLErrorLogFilter } from './graphql-error-log.filter.js';

/** A log sink that keeps what it is given, by level. */
class Recorder implements LoggerService {
  readonly lines: { level: string; message: unknown }[] = [];
  log(message: unknown) {
    this.lines.push({ level: 'log', message });
  }
  error(message: unknown) {
    this.lines.push({ level: 'error', message });
  }
  warn(message: unknown) {
    this.lines.push({ level: 'warn', message });
  }
}

const graphqlHost = () => {
  const host = new ExecutionContextHost([
    {},
    {},
    { principal: { tokenId: 't-1' } },
    { fieldName: 'readings' },
  ]);
  host.setType('graphql');
  return host;
};

describe('GraphQL errors: one classification, logged as user error or server fault', () => {
  test('the classification', () => {
    const coded = (code: unknown) => new GraphQLError('x', { extensions: { code } });
    expect(
      ['FORBIDDEN', 'BAD_USER_INPUT', 'OPERATION_LIMIT', 'UNAUTHENTICATED'].map((c) =>
        graphqlErrorKind(coded(c)),
      ),
    ).toEqual(['user', 'user', 'user', 'user']);
    expect(graphqlErrorKind(coded('INTERNAL_SERVER_ERROR'))).toBe('server');
    expect(graphqlErrorKind(coded(undefined))).toBe('server');
    expect(graphqlErrorKind(new TypeError('boom'))).toBe('server');
    // The hub's error model: a refusal is the sender's, an operator's error a server fault, also
    // when graphql-js has wrapped it.
    const refusal = new FeedForbiddenError('NO_AGREEMENT', 'no agreement');
    expect(graphqlErrorKind(refusal)).toBe('user');
    expect(graphqlErrorKind(new GraphQLError('x', { originalError: refusal }))).toBe('user');
    expect(graphqlErrorKind(new StoreClosedError())).toBe('server');
    expect(graphqlErrorKind(new GraphQLError('x', { originalError: new TypeError('boom') }))).toBe(
      'server',
    );
  });

  test('a user error is logged at info without a stack; a server fault at error with it; both rethrown', () => {
    const recorder = new Recorder();
    Logger.overrideLogger(recorder);
    try {
      const filter = new GraphQLErrorLogFilter();
      const forbidden = new GraphQLError('no agreement', {
        extensions: { code: 'FORBIDDEN', reason: 'NO_AGREEMENT' },
      });
      expect(() => filter.catch(forbidden, graphqlHost())).toThrow(forbidden);
      const fault = new GraphQLError('database connection is not open');
      expect(() => filter.catch(fault, graphqlHost())).toThrow(fault);
    } finally {
      Logger.overrideLogger(new Logger());
    }
    expect(recorder.lines).toEqual([
      {
        level: 'log',
        message: {
          msg: 'graphql user error',
          code: 'FORBIDDEN',
          reason: 'NO_AGREEMENT',
          message: 'no agreement',
          field: 'readings',
          tokenId: 't-1',
        },
      },
      {
        level: 'error',
        message: expect.objectContaining({ msg: 'graphql server fault', field: 'readings' }),
      },
    ]);
    const logged = recorder.lines[1]?.message as { err: Error };
    expect(logged.err.stack).toContain('database connection is not open');
  });
});

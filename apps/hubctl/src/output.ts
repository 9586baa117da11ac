/** How a command reports: one JSON document on stdout with --json, readable lines otherwise. */
export interface Output {
  readonly json: boolean;
  result(value: unknown, human: string): void;
  /** Progress and notes go to stderr so `--json` output stays parseable. */
  note(line: string): void;
}

export const createOutput = (json: boolean): Output => ({
  json,
  result: (value, human) => process.stdout.write((json ? JSON.stringify(value) : human) + '\n'),
  note: (line) => process.stderr.write(line + '\n'),
});

/** A failure the user can act on: printed without a stack trace, exit code 1 (2 for usage). */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

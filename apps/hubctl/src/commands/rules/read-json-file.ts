import { readFileSync } from 'node:fs';
import { CommandError } from '../../output.js';

/** The JSON in `file`, or a usage error (exit 2) that names the file and what is wrong with it. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandError(`cannot read ${file}: ${(error as Error).message}`, 2);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CommandError(`${file} is not JSON: ${(error as Error).message}`, 2);
  }
}

/** A positive whole number given on the command line, e.g. `--version 3`. */
export function wholeNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new CommandError(`${flag} must be a whole number >= 1, not "${value}"`, 2);
  }
  return n;
}

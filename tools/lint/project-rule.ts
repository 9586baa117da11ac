import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const root = resolve(import.meta.dirname, '..', '..');

/** Lints one source text as if it were the file `filename` of this repository. */
export type LintAt = (filename: string, source: string) => string[];

/**
 * The blocks of eslint.config.js that set `ruleId`, run through ESLint itself on a source text at
 * a given path (no type information: the rules the lint tests check need none). `blocks` is how
 * many blocks set it, so a test can tell that the rule is there at all.
 */
export async function projectRule(ruleId: string): Promise<{ lint: LintAt; blocks: number }> {
  const { default: config } = (await import(
    pathToFileURL(resolve(root, 'eslint.config.js')).href
  )) as { default: Linter.Config[] };
  const rules = config.filter((c) => c.rules?.[ruleId] !== undefined);
  const linter = new Linter({ cwd: root, configType: 'flat' });
  const base: Linter.Config = {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
  };
  return {
    blocks: rules.length,
    lint: (filename, source) =>
      linter
        .verify(source, [base, ...rules], { filename: resolve(root, filename) })
        .map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`),
  };
}

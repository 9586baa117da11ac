/** Longest purpose, legal basis, note or reason the hub accepts (libs/access MAX_REQUEST_TEXT). */
export const MAX_TEXT = 500;

export type FieldProblem = 'required' | 'tooLong' | 'notFuture' | 'noKinds';

export interface RequestDraft {
  readonly kinds: readonly string[];
  readonly purpose: string;
  readonly legalBasis: string;
  /** `yyyy-mm-dd` from the date input. */
  readonly until: string;
}

/**
 * The request form's checks before anything is sent, field by field (the hub checks the same
 * again and its refusal, naming the field, is shown next to that field too).
 */
export function checkRequest(
  d: RequestDraft,
  today: string,
): Partial<Record<'kinds' | 'purpose' | 'legalBasis' | 'until', FieldProblem>> {
  const problems: Partial<Record<'kinds' | 'purpose' | 'legalBasis' | 'until', FieldProblem>> = {};
  if (d.kinds.length === 0) problems.kinds = 'noKinds';
  if (d.purpose.trim().length === 0) problems.purpose = 'required';
  else if (d.purpose.trim().length > MAX_TEXT) problems.purpose = 'tooLong';
  if (d.legalBasis.trim().length > MAX_TEXT) problems.legalBasis = 'tooLong';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.until)) problems.until = 'required';
  else if (d.until < today) problems.until = 'notFuture';
  return problems;
}

/** A decision's free text: a decline needs a reason, a note is optional; both bounded. */
export function checkText(text: string, required: boolean): FieldProblem | undefined {
  const n = text.trim().length;
  if (required && n === 0) return 'required';
  if (n > MAX_TEXT) return 'tooLong';
  return undefined;
}

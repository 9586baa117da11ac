import { rawGql } from '../../api/client';
import { fromWireError } from '../../api/errors';

/** A refusal split for a form: messages by field (rule set path or argument), and the rest. */
export interface FormRefusal {
  readonly byField: Record<string, string>;
  readonly error: unknown;
}

interface Issue {
  readonly field?: unknown;
  readonly reason?: unknown;
}

/**
 * Sends one operation; on refusal, every issue the hub named (`extensions.issues[].field`, else
 * `extensions.field`) becomes a message for that field, so each is shown next to its input.
 */
export async function sendForm<T>(
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data: T } | { refusal: FormRefusal }> {
  const { status, body } = await rawGql<T>(query, variables);
  const first = body.errors?.[0];
  if (!first) {
    if (body.data === undefined || body.data === null) {
      return {
        refusal: { byField: {}, error: fromWireError({ message: 'no data' }, `HTTP_${status}`) },
      };
    }
    return { data: body.data };
  }
  const error = fromWireError(first, `HTTP_${status}`);
  const byField: Record<string, string> = {};
  const issues = Array.isArray(first.extensions?.issues)
    ? (first.extensions.issues as Issue[])
    : [];
  for (const issue of issues) {
    if (typeof issue.field === 'string' && typeof issue.reason === 'string') {
      byField[issue.field] = byField[issue.field]
        ? `${byField[issue.field]}; ${issue.reason}`
        : issue.reason;
    }
  }
  if (issues.length === 0 && error.field) byField[error.field] = error.message;
  return { refusal: { byField, error } };
}

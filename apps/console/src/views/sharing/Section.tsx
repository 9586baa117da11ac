import { useId, type ReactNode } from 'react';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import type { Loaded } from './use-load';

/** A titled region of the page; shows loading and the hub's refusal, else its content. */
export function Section<T>({
  title,
  loaded,
  testId,
  children,
}: {
  title: string;
  loaded: Loaded<T>;
  testId: string;
  children: (value: T) => ReactNode;
}) {
  const id = useId();
  return (
    <section className="sharing-section" aria-labelledby={id} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <ErrorMessage error={loaded.error} /> : null}
      {loaded.state === 'done' ? children(loaded.value) : null}
    </section>
  );
}

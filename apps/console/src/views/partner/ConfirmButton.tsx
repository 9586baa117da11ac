import { useId, useState, type ReactNode } from 'react';

/**
 * A button that asks first: the question and the two answers appear in place, the confirming
 * one focused is avoided on purpose (Cancel gets focus), so Enter twice never confirms.
 */
export function ConfirmButton({
  label,
  question,
  yes,
  no,
  danger,
  busy,
  onConfirm,
}: {
  label: ReactNode;
  question: string;
  yes: string;
  no: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const id = useId();
  if (!asking) {
    return (
      <button
        type="button"
        className={danger ? 'danger' : undefined}
        disabled={busy}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-labelledby={`${id}-q`}>
      <p id={`${id}-q`}>{question}</p>
      <button
        type="button"
        className={danger ? 'danger solid' : 'solid'}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {yes}
      </button>{' '}
      <button type="button" autoFocus onClick={() => setAsking(false)}>
        {no}
      </button>
    </div>
  );
}

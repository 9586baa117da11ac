import { useId } from 'react';
import { useT } from '../../i18n/i18n';
import { municipalityMessages } from './messages';

export type Range = 'h6' | 'h24' | 'd7';
export const RANGE_MS: Record<Range, number> = {
  h6: 6 * 3600e3,
  h24: 24 * 3600e3,
  d7: 7 * 24 * 3600e3,
};

export function RangePicker({ value, onChange }: { value: Range; onChange: (r: Range) => void }) {
  const t = useT(municipalityMessages);
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{t.range}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Range)}>
        {(Object.keys(RANGE_MS) as Range[]).map((r) => (
          <option key={r} value={r}>
            {t.ranges[r]}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

import { useState } from 'react';
import { gql } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { REPORT } from './desk-api';
import { deskMessages } from './messages';

const FORMATS = [
  { format: 'html', label: 'HTML', type: 'text/html' },
  { format: 'md', label: 'Markdown', type: 'text/markdown' },
  { format: 'json', label: 'JSON', type: 'application/json' },
] as const;

/** Downloads the lab's privacy report in HTML, Markdown or JSON (fetched with the session's token). */
export function ReportDownload({ lab }: { lab: string }) {
  const t = useT(deskMessages);
  const [error, setError] = useState<unknown>();
  const download = async (f: (typeof FORMATS)[number]) => {
    setError(undefined);
    try {
      const d = await gql<{ privacyReport: string }>(REPORT, { lab, format: f.format });
      const url = URL.createObjectURL(new Blob([d.privacyReport], { type: f.type }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${lab}-privacy-report.${f.format}`;
      document.body.append(a);
      a.click();
      a.remove();
      // The download has started from the object URL; free it once the click is handled.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="desk-panel" aria-labelledby="desk-report">
      <h2 id="desk-report">{t.report}</h2>
      <p>{t.reportIntro}</p>
      <div className="desk-actions">
        {FORMATS.map((f) => (
          <button key={f.format} type="button" onClick={() => void download(f)}>
            {t.download(f.label)}
          </button>
        ))}
      </div>
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}

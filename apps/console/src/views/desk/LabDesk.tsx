import { useT } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { ChainStatus } from './ChainStatus';
import { FilterStats } from './FilterStats';
import { ProposeForm } from './ProposeForm';
import { RegisterEntries } from './RegisterEntries';
import { ReportDownload } from './ReportDownload';
import { RulesInForce } from './RulesInForce';
import { useLabData } from './use-lab-data';
import { VersionDiff } from './VersionDiff';
import { VersionHistory } from './VersionHistory';
import { deskMessages } from './messages';

/** One lab's desk: every panel, fed by one request and reloaded after each change. */
export function LabDesk({
  lab,
  holder,
  readOnly,
}: {
  lab: string;
  holder: string | null;
  readOnly: boolean;
}) {
  const t = useT(deskMessages);
  const { data, error, reload } = useLabData(lab);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading label={t.loading} />;
  const active = data.versions.find((v) => v.status === 'active');
  return (
    <>
      <RulesInForce active={active} report={data.report} />
      <VersionHistory
        lab={lab}
        versions={data.versions}
        holder={holder}
        readOnly={readOnly}
        onChanged={reload}
      />
      <VersionDiff lab={lab} versions={data.versions} />
      {!readOnly && active ? (
        // A new version in force starts a fresh form from it (the form's values are its state).
        <ProposeForm
          key={active.version}
          lab={lab}
          active={active}
          versions={data.versions}
          onProposed={reload}
        />
      ) : null}
      <ChainStatus chain={data.chain} />
      <FilterStats stats={data.stats} onRefresh={reload} />
      <ReportDownload lab={lab} />
      <RegisterEntries lab={lab} report={data.report} readOnly={readOnly} onSaved={reload} />
    </>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { gql } from '../../api/client';
import {
  LAB_DATA,
  type ChainLab,
  type ReportJson,
  type RuleVersion,
  type VersionStats,
} from './desk-api';

export interface LabData {
  readonly versions: readonly RuleVersion[];
  readonly stats: readonly VersionStats[];
  readonly report: ReportJson;
  readonly chain: ChainLab | undefined;
}

/** Everything the desk shows of one lab, in one request; `reload` after every change. */
export function useLabData(lab: string): {
  data: LabData | undefined;
  error: unknown;
  reload: () => void;
} {
  const [data, setData] = useState<LabData>();
  const [error, setError] = useState<unknown>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    gql<{
      ruleSetVersions: RuleVersion[];
      ruleVersionStats: VersionStats[];
      privacyReport: string;
      ruleChainVerification: { labs: ChainLab[] };
    }>(LAB_DATA, { lab })
      .then((d) => {
        if (!live) return;
        setError(undefined);
        setData({
          versions: d.ruleSetVersions,
          stats: d.ruleVersionStats,
          report: JSON.parse(d.privacyReport) as ReportJson,
          chain: d.ruleChainVerification.labs[0],
        });
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [lab, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, reload };
}

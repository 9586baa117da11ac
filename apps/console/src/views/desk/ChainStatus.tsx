import { useT } from '../../i18n/i18n';
import type { ChainLab } from './desk-api';
import { deskMessages } from './messages';

/** The hash chain of the lab's rule events: intact, or where it breaks. */
export function ChainStatus({ chain }: { chain: ChainLab | undefined }) {
  const t = useT(deskMessages);
  return (
    <section className="desk-panel" aria-labelledby="desk-chain">
      <h2 id="desk-chain">{t.chain}</h2>
      {chain ? (
        <>
          <p
            className={chain.intact ? 'desk-ok' : 'desk-bad'}
            data-testid="chain-status"
            role={chain.intact ? undefined : 'alert'}
          >
            {chain.intact || !chain.break
              ? t.chainIntact(chain.events)
              : t.chainBroken(chain.break.revision, chain.break.reason)}
          </p>
          {chain.head ? (
            <p>
              {t.chainHead}: <code className="desk-hash">{chain.head}</code>
            </p>
          ) : null}
        </>
      ) : (
        <p>{t.none}</p>
      )}
    </section>
  );
}

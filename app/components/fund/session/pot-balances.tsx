import { useTranslation } from "react-i18next";

export type PotRow = {
  id: string;
  name: string;
  kind: string;
  amount: string;
  committed: string;
  available: string;
};

/** The round's pots: amount, granted so far, still free. Shown throughout the session. */
export function PotBalances({ pots, className }: { pots: PotRow[]; className?: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="pots" className={className}>
      <h2 id="pots">{t("fundSession.pots.title")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("fundSession.pots.pot")}</th>
              <th scope="col">{t("fundSession.pots.amount")}</th>
              <th scope="col">{t("fundSession.pots.granted")}</th>
              <th scope="col">{t("fundSession.pots.available")}</th>
            </tr>
          </thead>
          <tbody>
            {pots.map((pot) => (
              <tr key={pot.id} data-pot={pot.id}>
                <th scope="row">
                  <bdi>{pot.name}</bdi>
                  <br />
                  <small>{t(`fund.potKindShort.${pot.kind}`)}</small>
                </th>
                <td>{pot.amount}</td>
                <td>{pot.committed}</td>
                <td data-available>{pot.available}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

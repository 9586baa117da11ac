import { useT } from '../../i18n/i18n';

const messages = {
  en: { text: 'This view is being built. The GraphQL IDE already answers every question.' },
  nl: { text: 'Aan dit onderdeel wordt gewerkt. De GraphQL-IDE beantwoordt al elke vraag.' },
};

/** Stands in for a view until its author replaces the route entry. */
export default function Placeholder() {
  const t = useT(messages);
  return <p>{t.text}</p>;
}

/** No import: the browser tests' unit check (Node) loads this file as it is. */
type Lang = 'en' | 'nl';

/**
 * What each refusal code means, in a sentence a lamppost installer can act on. The codes are the
 * hub's (libs/contracts/src/rejection.ts, docs/sensors.md); an unknown one falls back to a
 * general sentence and the hub's own reason, which the board shows beside it anyway.
 */
const EXPLAINED: Readonly<Record<string, { readonly en: string; readonly nl: string }>> = {
  INVALID_JSON: {
    en: 'The message is not valid JSON.',
    nl: 'Het bericht is geen geldige JSON.',
  },
  UNKNOWN_KIND: {
    en: 'The topic names a sensor kind the hub does not know.',
    nl: 'Het topic noemt een sensorsoort die de hub niet kent.',
  },
  SCHEMA_VIOLATION: {
    en: 'A field is missing, unknown or of the wrong type.',
    nl: 'Een veld ontbreekt, is onbekend of heeft het verkeerde type.',
  },
  OUT_OF_RANGE: {
    en: 'A value lies outside what the sensor can measure.',
    nl: 'Een waarde ligt buiten wat de sensor kan meten.',
  },
  PAYLOAD_TOO_LARGE: {
    en: 'The message is larger than the hub accepts.',
    nl: 'Het bericht is groter dan de hub accepteert.',
  },
  PAYLOAD_TOO_COMPLEX: {
    en: 'The message nests too deep or holds too many values.',
    nl: 'Het bericht is te diep genest of bevat te veel waarden.',
  },
  STALE_TIMESTAMP: {
    en: 'observedAt is too far in the past: check the device clock.',
    nl: 'observedAt ligt te ver in het verleden: controleer de klok van het apparaat.',
  },
  FUTURE_TIMESTAMP: {
    en: 'observedAt lies in the future: synchronise the device clock (NTP).',
    nl: 'observedAt ligt in de toekomst: synchroniseer de klok van het apparaat (NTP).',
  },
  DUPLICATE_CONFLICT: {
    en: 'A seq was reused with a different message: never reuse a seq.',
    nl: 'Een seq is hergebruikt voor een ander bericht: gebruik een seq nooit twee keer.',
  },
  RAW_MEDIA_FORBIDDEN: {
    en: 'Raw audio or images were sent where the privacy rule forbids them.',
    nl: 'Ruwe audio of beelden verstuurd waar de privacyregel dat verbiedt.',
  },
  IDENTIFIER_IN_CLEAR: {
    en: 'A device identifier (e.g. a MAC address) was sent in clear.',
    nl: 'Een apparaat-ID (bijvoorbeeld een MAC-adres) is onversleuteld verstuurd.',
  },
  RULE_MISSING: {
    en: 'No approved privacy rule covers this lab or kind yet.',
    nl: 'Er is nog geen goedgekeurde privacyregel voor dit lab of deze soort.',
  },
  SAMPLE_RATE_NOT_ALLOWED: {
    en: 'The audio sample rate is not one the privacy rule allows.',
    nl: 'De bemonsteringsfrequentie van de audio is niet toegestaan door de privacyregel.',
  },
  CALIBRATION_MISSING: {
    en: 'No microphone calibration is known for this device: send calibrationDbfsAt94.',
    nl: 'Er is geen microfoonkalibratie bekend voor dit apparaat: stuur calibrationDbfsAt94 mee.',
  },
  LOCATION_MISSING: {
    en: 'The lamppost has no position, which the privacy rule needs.',
    nl: 'De lantaarnpaal heeft geen positie, die de privacyregel nodig heeft.',
  },
  FILTER_REFUSED: {
    en: 'The privacy filter refused the message.',
    nl: 'Het privacyfilter weigerde het bericht.',
  },
  TOPIC_NOT_ALLOWED: {
    en: 'The device published outside its own topic prefix; the hub closed its connection.',
    nl: 'Het apparaat publiceerde buiten zijn eigen topic-prefix; de hub verbrak de verbinding.',
  },
  AUDIO_BACKLOG_FULL: {
    en: 'The device sends sound chunks faster than the hub weighs them; send about one a second.',
    nl: 'Het apparaat stuurt geluidsfragmenten sneller dan de hub ze weegt; stuur er ongeveer één per seconde.',
  },
  INTERNAL_ERROR: {
    en: 'The hub could not process the message; its operator sees why in the hub log.',
    nl: 'De hub kon het bericht niet verwerken; de beheerder ziet de oorzaak in het hublog.',
  },
};

const UNKNOWN = {
  en: 'The hub refused the message (see the reason).',
  nl: 'De hub weigerde het bericht (zie de reden).',
};

/** The short explanation of a refusal code in `lang`. */
export const explainCode = (code: string, lang: Lang): string => (EXPLAINED[code] ?? UNKNOWN)[lang];

/** Every code the board explains (for tests and docs). */
export const EXPLAINED_CODES: readonly string[] = Object.keys(EXPLAINED);

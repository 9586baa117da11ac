import type { KeptFacts } from './register-data';

type KindText = { readonly name: string; readonly measured: string; readonly neverKept: string };

const every = (s: number, unit: { s: string; min: string }) =>
  s % 60 === 0 ? `${s / 60} ${unit.min}` : `${s} ${unit.s}`;

export const registerMessages = {
  en: {
    title: 'Public sensor register',
    intro:
      'What every lamppost sensor in the living labs measures, what the hub keeps of it and for how long, what it never keeps, and whom to ask. No sign-in needed.',
    loading: 'Loading the register…',
    empty: 'No sensors are registered yet.',
    lab: (lab: string) => `Living lab ${lab}`,
    responsible: 'Responsible municipality',
    unknown: 'not known',
    measured: 'What is measured',
    kept: 'What is kept',
    howLong: 'For how long',
    neverKept: 'What is never kept',
    purpose: 'Purpose',
    legalGround: 'Legal ground',
    personalData: 'Personal data at the lamppost',
    contact: 'Contact',
    privacyStatement: 'Privacy statement',
    activeUntil: 'In use until',
    rules: 'Privacy rule version in force',
    noRules: 'none: every message of this sensor is refused',
    lampposts: 'Lampposts',
    givenBy: 'Purpose, legal ground and contact are given by the municipality in its own words.',
    yes: 'yes',
    no: 'no',
    retention: (days: number | null | undefined) =>
      days === null || days === undefined
        ? 'No retention period is set yet: the values are kept until the municipality sets one.'
        : `${days} days`,
    keptText: (k: KeptFacts) =>
      `${k.values.join(', ')}: one value per ${every(k.everySeconds, { s: 's', min: 'min' })}, ` +
      (k.place === 'grid' ? `for a grid cell of ${k.cellMeters} m` : 'for the lamppost') +
      (k.minCount ? `; counts below ${k.minCount} are not published` : '') +
      (k.noise ? '; counts shared with others get random noise' : '') +
      '.',
    keptNone: 'nothing (no privacy rule is in force for this sensor)',
    kinds: {
      temperature: {
        name: 'Temperature',
        measured: 'Air temperature at the lamppost.',
        neverKept: 'Nothing about people: this sensor measures only the weather.',
      },
      air: {
        name: 'Air quality',
        measured: 'Fine dust (PM2.5, PM10) and nitrogen dioxide in the air.',
        neverKept: 'Nothing about people: this sensor measures only the air.',
      },
      motion: {
        name: 'Motion',
        measured: 'How often movement is detected near the lamppost.',
        neverKept: 'Who moved, or any image: only the number of detections.',
      },
      sound: {
        name: 'Sound',
        measured: 'How loud it is (sound levels in dB(A)) and, optionally, the kind of sound.',
        neverKept:
          'Sound recordings and speech: the sound is turned into levels on the lamppost and then discarded.',
      },
      camera: {
        name: 'Camera',
        measured: 'How many people, bicycles and vehicles pass.',
        neverKept:
          'Images, faces and licence plates: images are counted on the lamppost and then discarded.',
      },
      radio: {
        name: 'Wi-Fi and Bluetooth',
        measured: 'How many phones and other devices with Wi-Fi or Bluetooth are nearby.',
        neverKept:
          'The devices’ identifiers (MAC addresses): they are replaced by tags under a key that is destroyed every day; only counts are kept.',
      },
    } as Record<string, KindText>,
  },
  nl: {
    title: 'Openbaar sensorregister',
    intro:
      'Wat elke sensor op een lantaarnpaal in de living labs meet, wat de hub daarvan bewaart en hoe lang, wat nooit bewaard wordt, en bij wie u terechtkunt. Inloggen is niet nodig.',
    loading: 'Het register wordt geladen…',
    empty: 'Er zijn nog geen sensoren geregistreerd.',
    lab: (lab: string) => `Living lab ${lab}`,
    responsible: 'Verantwoordelijke gemeente',
    unknown: 'niet bekend',
    measured: 'Wat wordt gemeten',
    kept: 'Wat wordt bewaard',
    howLong: 'Hoe lang',
    neverKept: 'Wat nooit wordt bewaard',
    purpose: 'Doel',
    legalGround: 'Grondslag',
    personalData: 'Persoonsgegevens bij de lantaarnpaal',
    contact: 'Contact',
    privacyStatement: 'Privacyverklaring',
    activeUntil: 'In gebruik tot',
    rules: 'Geldende versie van de privacyregels',
    noRules: 'geen: elk bericht van deze sensor wordt geweigerd',
    lampposts: 'Lantaarnpalen',
    givenBy: 'Doel, grondslag en contact zijn door de gemeente in eigen woorden opgegeven.',
    yes: 'ja',
    no: 'nee',
    retention: (days: number | null | undefined) =>
      days === null || days === undefined
        ? 'Er is nog geen bewaartermijn ingesteld: de waarden blijven bewaard tot de gemeente er een instelt.'
        : `${days} dagen`,
    keptText: (k: KeptFacts) =>
      `${k.values.join(', ')}: één waarde per ${every(k.everySeconds, { s: 's', min: 'min' })}, ` +
      (k.place === 'grid' ? `voor een gebied van ${k.cellMeters} m` : 'voor de lantaarnpaal') +
      (k.minCount ? `; aantallen onder ${k.minCount} worden niet gepubliceerd` : '') +
      (k.noise ? '; aantallen die met anderen worden gedeeld krijgen willekeurige ruis' : '') +
      '.',
    keptNone: 'niets (voor deze sensor gelden geen privacyregels)',
    kinds: {
      temperature: {
        name: 'Temperatuur',
        measured: 'De luchttemperatuur bij de lantaarnpaal.',
        neverKept: 'Niets over mensen: deze sensor meet alleen het weer.',
      },
      air: {
        name: 'Luchtkwaliteit',
        measured: 'Fijnstof (PM2,5, PM10) en stikstofdioxide in de lucht.',
        neverKept: 'Niets over mensen: deze sensor meet alleen de lucht.',
      },
      motion: {
        name: 'Beweging',
        measured: 'Hoe vaak er beweging wordt gezien bij de lantaarnpaal.',
        neverKept: 'Wie er bewoog, of enig beeld: alleen het aantal waarnemingen.',
      },
      sound: {
        name: 'Geluid',
        measured: 'Hoe hard het is (geluidsniveaus in dB(A)) en eventueel het soort geluid.',
        neverKept:
          'Geluidsopnamen en spraak: het geluid wordt op de lantaarnpaal omgezet in niveaus en daarna weggegooid.',
      },
      camera: {
        name: 'Camera',
        measured: 'Hoeveel mensen, fietsen en voertuigen er langskomen.',
        neverKept:
          'Beelden, gezichten en kentekens: beelden worden op de lantaarnpaal geteld en daarna weggegooid.',
      },
      radio: {
        name: 'Wifi en Bluetooth',
        measured: 'Hoeveel telefoons en andere apparaten met wifi of Bluetooth in de buurt zijn.',
        neverKept:
          'De kenmerken van de apparaten (MAC-adressen): die worden vervangen door codes onder een sleutel die elke dag wordt vernietigd; alleen aantallen worden bewaard.',
      },
    } as Record<string, KindText>,
  },
};

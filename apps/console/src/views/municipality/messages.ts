export interface MunicipalityMessages {
  title: string;
  labsCaption: string;
  lab: string;
  owner: string;
  access: string;
  owned: string;
  shared: string;
  level: string;
  levelReadings: string;
  levelAggregates: string;
  kinds: string;
  allKinds: string;
  purpose: string;
  until: string;
  open: string;
  noLabs: string;
  mapTitle: string;
  mapFallback: string;
  noPosition: string;
  liveTitle: string;
  liveHint: string;
  noReadingsYet: string;
  rule: (version: number) => string;
  suppressed: string;
  suppressedExplained: string;
  historyTitle: string;
  aggregatesTitle: string;
  kind: string;
  lamppost: string;
  allLampposts: string;
  range: string;
  ranges: { h6: string; h24: string; d7: string };
  exportCsv: string;
  aggregatesOnly: string;
  hour: string;
  count: string;
  measure: string;
  value: string;
  noData: string;
  liveError: string;
  time: string;
}

export const municipalityMessages: { en: MunicipalityMessages; nl: MunicipalityMessages } = {
  en: {
    title: 'Municipality view',
    labsCaption: 'Labs you own and labs shared with you',
    lab: 'Lab',
    owner: 'Owner',
    access: 'Access',
    owned: 'owned',
    shared: 'shared with you',
    level: 'Level',
    levelReadings: 'readings',
    levelAggregates: 'hourly aggregates only',
    kinds: 'Kinds',
    allKinds: 'all',
    purpose: 'Purpose',
    until: 'Through',
    open: 'Open',
    noLabs: 'No lab is owned by or shared with your municipality.',
    mapTitle: 'Lampposts',
    mapFallback: 'Map without tiles: lampposts drawn at their positions.',
    noPosition: 'without a position',
    liveTitle: 'Live readings',
    liveHint: 'Updated as readings arrive.',
    noReadingsYet: 'no reading yet',
    rule: (v) => `rule v${v}`,
    suppressed: 'suppressed',
    suppressedExplained: 'suppressed by the privacy rule (too few to publish)',
    historyTitle: 'History',
    aggregatesTitle: 'Hourly aggregates',
    kind: 'Kind',
    lamppost: 'Lamppost',
    allLampposts: 'all lampposts',
    range: 'Time range',
    ranges: { h6: 'last 6 hours', h24: 'last 24 hours', d7: 'last 7 days' },
    exportCsv: 'Export CSV',
    aggregatesOnly:
      'Your agreement for this lab allows hourly aggregates only: individual readings are not shown.',
    hour: 'Hour',
    count: 'Readings',
    measure: 'Measure',
    value: 'Value',
    noData: 'No data in this range.',
    liveError: 'The live feed stopped',
    time: 'Time',
  },
  nl: {
    title: 'Gemeenteoverzicht',
    labsCaption: 'Labs van uw gemeente en labs die met u gedeeld zijn',
    lab: 'Lab',
    owner: 'Eigenaar',
    access: 'Toegang',
    owned: 'eigen lab',
    shared: 'met u gedeeld',
    level: 'Niveau',
    levelReadings: 'metingen',
    levelAggregates: 'alleen uurtotalen',
    kinds: 'Soorten',
    allKinds: 'alle',
    purpose: 'Doel',
    until: 'Tot en met',
    open: 'Openen',
    noLabs: 'Uw gemeente heeft geen labs en er zijn geen labs met u gedeeld.',
    mapTitle: 'Lantaarnpalen',
    mapFallback: 'Kaart zonder tegels: lantaarnpalen op hun positie getekend.',
    noPosition: 'zonder positie',
    liveTitle: 'Live metingen',
    liveHint: 'Bijgewerkt zodra metingen binnenkomen.',
    noReadingsYet: 'nog geen meting',
    rule: (v) => `regel v${v}`,
    suppressed: 'onderdrukt',
    suppressedExplained: 'onderdrukt door de privacyregel (te weinig om te publiceren)',
    historyTitle: 'Geschiedenis',
    aggregatesTitle: 'Uurtotalen',
    kind: 'Soort',
    lamppost: 'Lantaarnpaal',
    allLampposts: 'alle lantaarnpalen',
    range: 'Periode',
    ranges: { h6: 'afgelopen 6 uur', h24: 'afgelopen 24 uur', d7: 'afgelopen 7 dagen' },
    exportCsv: 'CSV exporteren',
    aggregatesOnly:
      'Uw overeenkomst voor dit lab geeft alleen uurtotalen: losse metingen worden niet getoond.',
    hour: 'Uur',
    count: 'Metingen',
    measure: 'Maat',
    value: 'Waarde',
    noData: 'Geen gegevens in deze periode.',
    liveError: 'De live-stroom is gestopt',
    time: 'Tijd',
  },
};

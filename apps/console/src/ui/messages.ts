export const uiMessages = {
  en: {
    loading: 'Loading…',
    errorTitle: 'The hub refused this',
    code: 'Code',
    reason: 'Reason',
    field: 'Field',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Copy failed',
    empty: 'Nothing to show.',
  },
  nl: {
    loading: 'Laden…',
    errorTitle: 'De hub weigerde dit',
    code: 'Code',
    reason: 'Reden',
    field: 'Veld',
    copy: 'Kopiëren',
    copied: 'Gekopieerd',
    copyFailed: 'Kopiëren mislukt',
    empty: 'Niets te tonen.',
  },
};

export const appMessages = {
  en: {
    product: 'Lamppost hub',
    tagline: 'Smart-city lampposts of Zuid-Holland: privacy-filtered sensor data',
    skip: 'Skip to content',
    language: 'Language',
    nav: 'Views',
    signInTitle: 'Sign in',
    token: 'API token',
    tokenHint: 'Kept in this browser tab only, until you sign out or close it.',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    signOut: 'Sign out',
    signedInAs: 'Signed in as',
    tokenRequired: 'Enter a token.',
    home: 'Start',
    notFound: 'There is no page here.',
    notAllowed: 'Your role cannot open this view. Sign in with another token.',
    needSignIn: 'Sign in to open this view.',
    landingTitle: 'What you can see here',
    landingIntro:
      'Sign in with the API token your administrator gave you. Each role gets its own view:',
    roles: {
      municipality: 'Municipality: live and historic readings and counts of your labs, on a map.',
      'privacy-officer':
        'Privacy officer: rule versions, audits and the public register of your municipality.',
      partner: 'Living-lab partner: your devices, their readings and what was refused.',
      admin: 'Administrator: labs, devices and tokens of every municipality.',
    },
    publicNote: 'No token? The public sensor register shows what every lamppost measures.',
  },
  nl: {
    product: 'Lantaarnpaalhub',
    tagline: 'Slimme lantaarnpalen van Zuid-Holland: privacygefilterde sensordata',
    skip: 'Naar de inhoud',
    language: 'Taal',
    nav: 'Onderdelen',
    signInTitle: 'Inloggen',
    token: 'API-token',
    tokenHint: 'Alleen in dit browsertabblad bewaard, tot u uitlogt of het sluit.',
    signIn: 'Inloggen',
    signingIn: 'Bezig met inloggen…',
    signOut: 'Uitloggen',
    signedInAs: 'Ingelogd als',
    tokenRequired: 'Vul een token in.',
    home: 'Start',
    notFound: 'Hier staat geen pagina.',
    notAllowed: 'Uw rol kan dit onderdeel niet openen. Log in met een ander token.',
    needSignIn: 'Log in om dit onderdeel te openen.',
    landingTitle: 'Wat u hier ziet',
    landingIntro:
      'Log in met het API-token dat u van uw beheerder kreeg. Elke rol heeft een eigen overzicht:',
    roles: {
      municipality: 'Gemeente: actuele en eerdere metingen en tellingen van uw labs, op een kaart.',
      'privacy-officer':
        'Privacyfunctionaris: regelversies, audits en het openbare register van uw gemeente.',
      partner: 'Living-lab-partner: uw apparaten, hun metingen en wat geweigerd is.',
      admin: 'Beheerder: labs, apparaten en tokens van elke gemeente.',
    },
    publicNote: 'Geen token? Het openbare sensorregister laat zien wat elke lantaarnpaal meet.',
  },
};

export const roleNames = {
  en: {
    admin: 'administrator',
    municipality: 'municipality',
    partner: 'partner',
    'privacy-officer': 'privacy officer',
  },
  nl: {
    admin: 'beheerder',
    municipality: 'gemeente',
    partner: 'partner',
    'privacy-officer': 'privacyfunctionaris',
  },
};

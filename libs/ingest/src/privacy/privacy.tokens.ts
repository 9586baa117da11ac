export const PRIVACY_GATE = Symbol('PRIVACY_GATE');

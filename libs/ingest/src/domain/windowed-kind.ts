/** Kinds the privacy filter folds into windows: their facts are emitted when a window closes. */
const WINDOWED: ReadonlySet<string> = new Set(['sound', 'camera', 'radio']);
export const isWindowedKind = (kind: string): boolean => WINDOWED.has(kind);

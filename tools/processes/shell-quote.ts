/** `value` as one single-quoted `sh` word, whatever it contains (a quote in a folder name too). */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** Lab and lamppost ids: lowercase letters, digits, `-` and `_`, 1 to 64 characters. */
const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface ReadingTopic {
  readonly lab: string;
  readonly lamppost: string;
  /** Not yet checked against the known kinds: an unknown kind gets its own rejection. */
  readonly kind: string;
}

/** Parses `labs/{lab}/lampposts/{lamppost}/{kind}`; undefined for any other topic. */
export function parseReadingTopic(topic: string): ReadingTopic | undefined {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[0] !== 'labs' || parts[2] !== 'lampposts') return undefined;
  const [, lab, , lamppost, kind] = parts as [string, string, string, string, string];
  if (!ID.test(lab) || !ID.test(lamppost) || !ID.test(kind)) return undefined;
  return { lab, lamppost, kind };
}

export const readingTopic = (t: ReadingTopic): string =>
  `labs/${t.lab}/lampposts/${t.lamppost}/${t.kind}`;

/** Where a device hears why its message on `t` was refused. */
export const rejectedTopic = (t: ReadingTopic): string => `${readingTopic(t)}/rejected`;

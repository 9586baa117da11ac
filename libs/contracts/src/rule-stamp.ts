/** The privacy rule version that produced (or refused) a reading: its id, version and hash. */
export interface RuleStamp {
  readonly id: string;
  readonly version: number;
  readonly hash: string;
}

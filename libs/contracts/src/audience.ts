/**
 * The audience a stored reading was written for: `owner` (exact), `shared` (its noisy twin) or
 * `any` (identical for both: the rule adds no noise to that kind). The privacy filter writes it;
 * the audience decision (libs/access/src/domain/audience.ts) reads it.
 */
export type StoredAudience = 'any' | 'owner' | 'shared';

import type { RuleSet } from '@hub/privacy';

/**
 * The privacy rule set in force for a lab now: governance's active version as installed in the
 * running filter, which the ingest context owns. The hub binds this port
 * (apps/hub/src/wiring/context-ports.module.ts), so feeds does not import ingest.
 */
export type RulesInForce = (lab: string) => RuleSet | undefined;

export const RULES_IN_FORCE = Symbol('RULES_IN_FORCE');

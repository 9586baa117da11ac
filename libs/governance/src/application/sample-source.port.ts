import type { SensorKind } from '@hub/contracts';

/** One message body a simulated lamppost would send, with the lamppost it came from. */
export interface GeneratedSample {
  readonly lamppost: string;
  readonly position: { readonly lat: number; readonly lon: number };
  readonly kind: SensorKind;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface SampleRequest {
  readonly lab: string;
  readonly lampposts: number;
  readonly kinds: readonly SensorKind[];
  /** Simulated time, whole seconds. */
  readonly at: Date;
}

/**
 * Where the dry run's preset samples come from: the bodies `lampposts` simulated lampposts of
 * `lab` would send at `at`, one message per kind and lamppost. Governance does not know the
 * simulator; the hub binds this port to the Scheveningen simulator's pure generators
 * (apps/hub/src/wiring/context-ports.module.ts).
 */
export type SampleSource = (request: SampleRequest) => readonly GeneratedSample[];

export const SAMPLE_SOURCE = Symbol('SAMPLE_SOURCE');

import { GraphQLRequestError } from '../../api/errors';

/** What the rule in force keeps (libs/governance/src/domain/kept-facts.ts). */
export interface KeptFacts {
  readonly values: readonly string[];
  readonly everySeconds: number;
  readonly place: 'lamppost' | 'grid';
  readonly cellMeters?: number;
  readonly minCount?: number;
  readonly noise: boolean;
}

/** One sensor of `GET /register/sensors` (libs/governance/src/http/register.controller.ts). */
export interface PublicSensor {
  readonly id: string;
  readonly lab: string;
  readonly lamppost: string;
  readonly kind: string;
  readonly municipality: string | null;
  readonly purpose: string;
  readonly legalGround: string;
  readonly personalData: boolean;
  readonly personalDataNote: string;
  readonly privacyStatement: string;
  readonly activeUntil: string;
  readonly contact: string;
  readonly rules: string | null;
  /** Added with the register page; an older hub leaves them out. */
  readonly kept?: KeptFacts | null;
  readonly retentionDays?: number | null;
}

/** One sensor kind of one lab, with every lamppost that carries it. */
export interface RegisterKind extends PublicSensor {
  readonly lampposts: readonly string[];
}

export interface RegisterLab {
  readonly lab: string;
  readonly municipality: string | null;
  readonly kinds: readonly RegisterKind[];
}

/** The public register needs no token: a plain GET of the hub's JSON. */
export async function fetchRegister(): Promise<RegisterLab[]> {
  let response: Response;
  try {
    response = await fetch('/register/sensors', { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new GraphQLRequestError('NETWORK', e instanceof Error ? e.message : String(e));
  }
  if (!response.ok) {
    throw new GraphQLRequestError(`HTTP_${response.status}`, `the hub answered ${response.status}`);
  }
  const body = (await response.json()) as { sensors: PublicSensor[] };
  return groupByLab(body.sensors);
}

/** The register lists every lamppost; residents read it per lab and sensor kind. */
export function groupByLab(sensors: readonly PublicSensor[]): RegisterLab[] {
  const labs = new Map<string, { municipality: string | null; kinds: Map<string, RegisterKind> }>();
  for (const s of sensors) {
    let lab = labs.get(s.lab);
    if (!lab) labs.set(s.lab, (lab = { municipality: s.municipality, kinds: new Map() }));
    const known = lab.kinds.get(s.kind);
    lab.kinds.set(
      s.kind,
      known
        ? { ...known, lampposts: [...known.lampposts, s.lamppost] }
        : { ...s, lampposts: [s.lamppost] },
    );
  }
  return [...labs.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([lab, { municipality, kinds }]) => ({
      lab,
      municipality,
      kinds: [...kinds.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
    }));
}

import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** What an operation (or one fragment) asks of the hub, counted through every fragment spread. */
export interface SelectionShape {
  /** Deepest field nesting. */
  readonly depth: number;
  /** Estimated cost: 1 per field per parent item; `first`/`last` multiply their children. */
  readonly cost: number;
  /** Aliased fields, each spread of a fragment counting its aliases again. */
  readonly aliases: number;
  /** Directives, each spread of a fragment counting its directives again. */
  readonly directives: number;
}

const EMPTY: SelectionShape = { depth: 0, cost: 0, aliases: 0, directives: 0 };

// Counts grow exponentially with nested spreads (F0 -> F1 F1 -> ...): they saturate here, far
// above any limit, so that a count stays an exact integer and never becomes Infinity or NaN.
const CEILING = Number.MAX_SAFE_INTEGER;
const add = (a: number, b: number): number => Math.min(CEILING, a + b);
const times = (a: number, b: number): number => Math.min(CEILING, a * b);

/**
 * Measures selection sets in time linear in the document.
 *
 * Invariant: each fragment's selection set is walked at most once per document; its shape is
 * memoised and reused at every spread. This is exact, not an approximation: a fragment's depth,
 * cost, aliases and directives do not depend on where it is spread, because the only context
 * that matters (the enclosing page-size multiplier, the depth so far) is applied outside it.
 * Expanding spreads instead is exponential: 31 fragments that each spread the next one twice
 * (under 1 KB) expand to 2^30 selections, which pinned the hub's CPU for minutes (issue 11).
 *
 * A cycle of spreads (refused anyway by graphql-js's NoFragmentCycles rule, which runs in the same
 * validation pass) counts as empty where it closes, so the walk always ends.
 */
export class SelectionShapes {
  private readonly memo = new Map<string, SelectionShape>();
  private readonly entered = new Set<string>();

  constructor(
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    /** Multiplier for a list field whose page size is a variable or absent. */
    private readonly defaultPageSize: number,
  ) {}

  of(set: SelectionSetNode): SelectionShape {
    let depth = 0;
    let cost = 0;
    let aliases = 0;
    let directives = 0;
    for (const sel of set.selections) {
      directives = add(directives, sel.directives?.length ?? 0);
      if (sel.kind === Kind.FIELD) {
        const inner = sel.selectionSet ? this.of(sel.selectionSet) : EMPTY;
        depth = Math.max(depth, 1 + inner.depth);
        cost = add(cost, add(1, times(this.pageFactor(sel), inner.cost)));
        aliases = add(aliases, add(sel.alias ? 1 : 0, inner.aliases));
        directives = add(directives, inner.directives);
      } else {
        const inner =
          sel.kind === Kind.INLINE_FRAGMENT
            ? this.of(sel.selectionSet)
            : this.fragment(sel.name.value);
        depth = Math.max(depth, inner.depth);
        cost = add(cost, inner.cost);
        aliases = add(aliases, inner.aliases);
        directives = add(directives, inner.directives);
      }
    }
    return { depth, cost, aliases, directives };
  }

  private fragment(name: string): SelectionShape {
    const known = this.memo.get(name);
    if (known) return known;
    const definition = this.fragments.get(name);
    // Unknown fragments are reported by KnownFragmentNames; a spread of a fragment being walked
    // closes a cycle (NoFragmentCycles). Neither adds to the count.
    if (!definition || this.entered.has(name)) return EMPTY;
    this.entered.add(name);
    const body = this.of(definition.selectionSet);
    this.entered.delete(name);
    const shape = { ...body, directives: add(body.directives, definition.directives?.length ?? 0) };
    this.memo.set(name, shape);
    return shape;
  }

  /** A literal `first`/`last` multiplies the children; a variable one counts as the default page. */
  private pageFactor(field: FieldNode): number {
    if (!field.selectionSet) return 1;
    let factor = 1;
    for (const arg of field.arguments ?? []) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
      factor =
        arg.value.kind === Kind.INT
          ? Math.min(CEILING, Math.max(1, Number(arg.value.value)))
          : this.defaultPageSize;
    }
    return factor;
  }
}

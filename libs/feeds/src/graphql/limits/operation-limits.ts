import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  /** Multiplier for a list field whose page size is a variable or absent. */
  readonly defaultPageSize: number;
}

const refuse = (context: ValidationContext, reason: string, message: string): void => {
  context.reportError(
    new GraphQLError(message, { extensions: { code: 'OPERATION_LIMIT', reason } }),
  );
};

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/** Depth of field nesting, following fragment spreads (each fragment entered once per path). */
function depthOf(set: SelectionSetNode, fragments: Fragments, seen: ReadonlySet<string>): number {
  let max = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      max = Math.max(max, 1 + (sel.selectionSet ? depthOf(sel.selectionSet, fragments, seen) : 0));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(sel.selectionSet, fragments, seen));
    } else {
      const name = sel.name.value;
      const fragment = fragments.get(name);
      if (fragment && !seen.has(name)) {
        max = Math.max(max, depthOf(fragment.selectionSet, fragments, new Set([...seen, name])));
      }
    }
  }
  return max;
}

/** Estimated cost: each field costs 1 per parent item; `first`/`last` multiply their children. */
function costOf(
  set: SelectionSetNode,
  fragments: Fragments,
  seen: ReadonlySet<string>,
  multiplier: number,
  defaultPageSize: number,
): number {
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      cost += multiplier;
      if (!sel.selectionSet) continue;
      let factor = 1;
      for (const arg of sel.arguments ?? []) {
        if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
        factor =
          arg.value.kind === Kind.INT ? Math.max(1, Number(arg.value.value)) : defaultPageSize;
      }
      cost += costOf(sel.selectionSet, fragments, seen, multiplier * factor, defaultPageSize);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      cost += costOf(sel.selectionSet, fragments, seen, multiplier, defaultPageSize);
    } else {
      const name = sel.name.value;
      const fragment = fragments.get(name);
      if (fragment && !seen.has(name)) {
        cost += costOf(
          fragment.selectionSet,
          fragments,
          new Set([...seen, name]),
          multiplier,
          defaultPageSize,
        );
      }
    }
    if (cost > Number.MAX_SAFE_INTEGER / 2) return cost;
  }
  return cost;
}

/**
 * Validation rules that refuse abusive operations before any resolver runs: too deep, too many
 * aliases, too costly. Used for HTTP (Apollo's validationRules) and for graphql-ws (its
 * `validate` hook), because Apollo plugins do not run for websocket operations.
 */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  const aliasRule: ValidationRule = (context): ASTVisitor => {
    let aliases = 0;
    let reported = false;
    return {
      Field(node) {
        if (!node.alias || reported) return;
        aliases += 1;
        if (aliases > limits.maxAliases) {
          reported = true;
          refuse(
            context,
            'TOO_MANY_ALIASES',
            `the operation uses more than ${limits.maxAliases} aliases`,
          );
        }
      },
    };
  };
  const shapeRule: ValidationRule = (context): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, fragments, new Set());
        if (depth > limits.maxDepth) {
          refuse(
            context,
            'TOO_DEEP',
            `the operation is ${depth} levels deep; at most ${limits.maxDepth} are allowed`,
          );
          return;
        }
        const cost = costOf(node.selectionSet, fragments, new Set(), 1, limits.defaultPageSize);
        if (cost > limits.maxCost) {
          refuse(
            context,
            'TOO_COSTLY',
            `the operation's estimated cost ${cost} exceeds ${limits.maxCost}; ask for smaller pages or fewer fields`,
          );
        }
      },
    };
  };
  return [aliasRule, shapeRule];
}

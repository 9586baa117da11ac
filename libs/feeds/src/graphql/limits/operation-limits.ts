import { Kind, type ASTVisitor, type FragmentDefinitionNode, type ValidationRule } from 'graphql';
import { operationLimitError } from './operation-limit-error.js';
import { SelectionShapes } from './selection-shape.js';

export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  readonly maxCost: number;
  /** Multiplier for a list field whose page size is a variable or absent. */
  readonly defaultPageSize: number;
}

/**
 * A validation rule that refuses abusive operations before any resolver runs: too deep, too many
 * aliases or directives, too costly. Used for HTTP (Apollo's validationRules) and for graphql-ws
 * (its `validate` hook), because Apollo plugins do not run for websocket operations.
 *
 * Its work is linear in the document (see SelectionShapes): checking an operation never costs
 * more than parsing it, however its fragments are spread.
 */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  const shapeRule: ValidationRule = (context): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    // One per document, so fragments shared by several operations are walked once.
    const shapes = new SelectionShapes(fragments, limits.defaultPageSize);
    const refuse = (...args: Parameters<typeof operationLimitError>): void =>
      context.reportError(operationLimitError(...args));
    return {
      OperationDefinition(node) {
        const shape = shapes.of(node.selectionSet);
        const directives =
          shape.directives +
          (node.directives?.length ?? 0) +
          (node.variableDefinitions ?? []).reduce((n, v) => n + (v.directives?.length ?? 0), 0);
        if (shape.depth > limits.maxDepth) {
          refuse(
            'TOO_DEEP',
            `the operation is ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed`,
          );
        } else if (shape.aliases > limits.maxAliases) {
          refuse(
            'TOO_MANY_ALIASES',
            `the operation uses ${shape.aliases} aliases (counting each fragment spread); at most ${limits.maxAliases} are allowed`,
          );
        } else if (directives > limits.maxDirectives) {
          refuse(
            'TOO_MANY_DIRECTIVES',
            `the operation uses ${directives} directives (counting each fragment spread); at most ${limits.maxDirectives} are allowed`,
          );
        } else if (shape.cost > limits.maxCost) {
          refuse(
            'TOO_COSTLY',
            `the operation's estimated cost ${shape.cost} (counting each fragment spread) exceeds ${limits.maxCost}; ask for smaller pages, fewer fields or fewer spreads`,
          );
        }
      },
    };
  };
  return [shapeRule];
}

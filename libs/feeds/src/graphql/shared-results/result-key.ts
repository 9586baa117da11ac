import {
  getOperationAST,
  OperationTypeNode,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ExecutionArgs,
} from 'graphql';

/** Plain JSON (what a graphql-ws client can send), so equal text means equal values. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isPlainJson);
}

/**
 * What the result of executing a subscription operation over one event depends on, as a string;
 * undefined when its results must not be shared. Two subscriptions with the same key get the same
 * result for the same event, provided every root field in `payloadOnlyRoots` resolves from the
 * event alone and everything below it reads nothing but its parent (see `shareableSubscriptions`).
 *
 * The key is the operation name, the printed document without the root field's arguments, and
 * the values of the variables the rest of it reads. A root field's arguments are left out, with
 * the variables used only there: they choose which events the source stream yields (`filter`,
 * `after`), not what is made of one, so subscribers of other labs or resuming from other cursors
 * still share.
 */
export function resultKey(
  args: ExecutionArgs,
  payloadOnlyRoots: ReadonlySet<string>,
): string | undefined {
  const { schema, document } = args;
  const root = schema.getSubscriptionType();
  const operation = getOperationAST(document, args.operationName);
  if (!root || operation?.operation !== OperationTypeNode.SUBSCRIPTION) return undefined;
  const typeInfo = new TypeInfo(schema);
  const read = new Set<string>();
  let shareable = true;
  const withoutRootArguments = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition: () => false,
      Field(node) {
        if (typeInfo.getParentType() !== root) return undefined;
        if (!payloadOnlyRoots.has(node.name.value)) shareable = false;
        // A root field's own arguments are read by the source stream only (see above); its
        // directives' arguments (@include, @skip) change the result and stay in the key.
        return { ...node, arguments: [] };
      },
      Variable(node) {
        read.add(node.name.value);
      },
    }),
  );
  if (!shareable) return undefined;
  const raw = args.variableValues ?? {};
  const values: Record<string, unknown> = {};
  for (const name of [...read].sort()) {
    if (!Object.hasOwn(raw, name)) continue;
    if (!isPlainJson(raw[name])) return undefined;
    values[name] = raw[name];
  }
  return `${args.operationName ?? ''}\n${JSON.stringify(values)}\n${print(withoutRootArguments)}`;
}

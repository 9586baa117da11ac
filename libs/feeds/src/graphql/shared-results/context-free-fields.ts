import {
  getNamedType,
  isAbstractType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Fields reviewed to resolve from their parent value alone: never the context (the principal),
 * the arguments or `info`. A root field listed here resolves from the event alone
 * (`Subscription.readings` is `(view) => toReading(view)`): its arguments select events in the source
 * stream. The others are Nest's plain `@Field` properties (`root[name]`); Apollo wraps every
 * resolver with its plugin instrumentation, which reads only its own symbols from the context and
 * finds none in a graphql-ws context. A field added to these types is not listed until reviewed,
 * and until then the subscription is executed once per subscriber (see `shareableSubscriptions`).
 */
export const CONTEXT_FREE_FIELDS: ReadonlySet<string> = new Set([
  'Subscription.readings',
  'Reading.cursor',
  'Reading.lab',
  'Reading.lamppost',
  'Reading.kind',
  'Reading.observedAt',
  'Reading.values',
  'Reading.rule',
  'Reading.transforms',
  'Reading.intervalSeconds',
  'RuleProvenance.id',
  'RuleProvenance.version',
  'RuleProvenance.hash',
]);

/**
 * The subscription root fields whose result over an event is the same for every subscriber of
 * the same operation: the root field and every field reachable below it are in `contextFree`.
 */
export function shareableSubscriptions(
  schema: GraphQLSchema,
  contextFree: ReadonlySet<string>,
): Set<string> {
  const root = schema.getSubscriptionType();
  const shareable = new Set<string>();
  if (!root) return shareable;
  const allFree = (type: GraphQLNamedType, seen: Set<GraphQLNamedType>): boolean => {
    if (seen.has(type)) return true;
    seen.add(type);
    if (isAbstractType(type)) return schema.getPossibleTypes(type).every((t) => allFree(t, seen));
    if (!isObjectType(type)) return true; // scalars and enums: serialized from the value alone
    return Object.values(type.getFields()).every(
      (f) => contextFree.has(`${type.name}.${f.name}`) && allFree(getNamedType(f.type), seen),
    );
  };
  for (const field of Object.values(root.getFields())) {
    if (
      contextFree.has(`${root.name}.${field.name}`) &&
      allFree(getNamedType(field.type), new Set())
    ) {
      shareable.add(field.name);
    }
  }
  return shareable;
}

import { gql } from '../../api/client';

export interface TypeRef {
  readonly kind: string;
  readonly name: string | null;
  readonly ofType: TypeRef | null;
}

export interface SchemaField {
  readonly name: string;
  readonly description: string | null;
  readonly args: readonly { name: string; type: TypeRef }[];
  readonly type: TypeRef;
}

export interface SchemaType {
  readonly name: string;
  readonly kind: string;
  readonly description: string | null;
  readonly fields: readonly SchemaField[] | null;
}

export interface SchemaSummary {
  readonly roots: { query?: string; mutation?: string; subscription?: string };
  readonly types: readonly SchemaType[];
}

// Shallow on purpose: four levels of ofType cover [T!]! and stay inside the hub's depth limit.
const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
const INTROSPECTION = `query IdeSchema {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types {
      name kind description
      fields { name description args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } }
    }
  }
}`;

interface Introspection {
  __schema: {
    queryType: { name: string } | null;
    mutationType: { name: string } | null;
    subscriptionType: { name: string } | null;
    types: SchemaType[];
  };
}

/** The schema's types from introspection (the hub may turn it off: HUB_GRAPHQL_INTROSPECTION). */
export async function loadSchema(token: string): Promise<SchemaSummary> {
  const { __schema: s } = await gql<Introspection>(INTROSPECTION, {}, { token });
  return {
    roots: {
      query: s.queryType?.name,
      mutation: s.mutationType?.name,
      subscription: s.subscriptionType?.name,
    },
    types: s.types
      .filter((t) => !t.name.startsWith('__'))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** `[Reading!]!` from a type reference. */
export function typeName(ref: TypeRef): string {
  if (ref.kind === 'NON_NULL' && ref.ofType) return `${typeName(ref.ofType)}!`;
  if (ref.kind === 'LIST' && ref.ofType) return `[${typeName(ref.ofType)}]`;
  return ref.name ?? '?';
}

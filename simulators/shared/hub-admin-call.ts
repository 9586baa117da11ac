interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { reason?: string } }[];
}

/**
 * One GraphQL call to a hub with a bearer token. A refusal the hub names (e.g. LAB_EXISTS) comes
 * back as `reason`, so callers can treat "already there" as fine; any other error throws.
 */
export async function hubAdminCall<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: T; reason?: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLAnswer<T>;
  const error = body.errors?.[0];
  if (!error) return { data: body.data };
  if (error.extensions?.reason) return { reason: error.extensions.reason };
  throw new Error(error.message);
}

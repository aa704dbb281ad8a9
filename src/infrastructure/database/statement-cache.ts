import { createHash } from 'node:crypto';

/**
 * How many distinct statement texts one connection prepares. azreg's statements are static
 * strings (a few hundred in all); the cap keeps a connection bounded even if some caller builds
 * texts dynamically — past it, new texts run unnamed, exactly as before.
 */
export const MAX_PREPARED_PER_CONNECTION = 1_000;

interface QueryableClient {
  query: (...args: any[]) => any;
}

const nameCache = new Map<string, string>();

/** A stable statement name for a text: the same text gets the same name on every connection. */
function statementName(text: string): string {
  let name = nameCache.get(text);
  if (name === undefined) {
    name = `azreg_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (nameCache.size < 10 * MAX_PREPARED_PER_CONNECTION) nameCache.set(text, name);
  }
  return name;
}

/**
 * Makes every parameterised statement on this pg client a named (prepared) statement, the way
 * JDBC's statement cache does: PostgreSQL parses and plans a text once per connection instead of
 * on every call. Planning was most of the cost of azreg's short statements (≈ 0.9 ms planning
 * against 0.2 ms execution for the public lookup; create's ~20 statements were all re-planned on
 * every call), and it is CPU that PostgreSQL shares with everything else on a small machine.
 *
 * Statements without parameters (BEGIN, COMMIT, DDL, multi-statement migration texts) stay on the
 * simple protocol, so nothing that could not be prepared is. PostgreSQL re-plans a prepared
 * statement itself when a table it uses changes, except when the change alters the statement's
 * result columns (`SELECT *` after ADD COLUMN): that raises "cached plan must not change result
 * type" once, and the connection then prepares everything under new names (a migration run by
 * another process during a rolling deploy costs each connection one failed statement).
 */
export function cacheStatements(client: QueryableClient): void {
  const query = client.query.bind(client);
  const prepared = new Set<string>();
  let generation = 0;
  /**
   * A table's columns changed under a prepared `SELECT *` (a migration during a rolling deploy):
   * this statement fails once; every statement of this connection is prepared afresh after it.
   */
  const noteStale = (error: unknown) => {
    if ((error as { code?: string } | null)?.code === '0A000' && /cached plan must not change result type/.test(String((error as Error).message))) {
      generation++;
      prepared.clear();
    }
  };
  client.query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const base = statementName(config);
      const name = generation === 0 ? base : `${base}_${generation}`;
      if (prepared.has(name) || prepared.size < MAX_PREPARED_PER_CONNECTION) {
        prepared.add(name);
        const named = { name, text: config, values };
        // pg-pool's `pool.query` passes a callback; TypeORM awaits the promise.
        if (typeof callback === 'function') {
          return query(named, (error: unknown, result: unknown) => {
            if (error) noteStale(error);
            (callback as (e: unknown, r: unknown) => void)(error, result);
          });
        }
        return (query(named) as Promise<unknown>).catch((error: unknown) => {
          noteStale(error);
          throw error;
        });
      }
    }
    return query(config, values, callback);
  };
}

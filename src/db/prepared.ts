/**
 * Queries on hot paths, built and compiled once. Kysely builds and compiles
 * a query's tree on every call, which for a small indexed query costs more
 * than SQLite takes to run it; a query asked on every post (or every page)
 * is built once per dialect with placeholders, then run with new values.
 */
import type { Compilable, CompiledQuery } from 'kysely';
import { isPostgres } from './connect.js';
import type { Db } from './schema.js';

/** A value standing for the argument `name` while the query is built: unique, and not text anyone sends. */
const placeholder = (name: string) => `\u0000sahifa-argument:${name}\u0000`;

interface Template {
  compiled: CompiledQuery;
  /** For each parameter: the argument it takes, or undefined when it is a constant of the query. */
  takes: (string | undefined)[];
}

/**
 * `build` receives placeholders for `args` and must use them only as values
 * compared, inserted or limited by (never computed on, never in `sql.lit`, never
 * as a list whose length varies): check once and throw if one is missing.
 * Returns a function that runs the query with real values, through `db`
 * (a transaction included), and gives its rows.
 */
export function preparedQuery<Args extends object, Row>(
  argNames: readonly (keyof Args & string)[],
  build: (db: Db, args: Args) => Compilable<Row>,
): (db: Db, args: Args) => Promise<Row[]> {
  const templates = new Map<'postgres' | 'sqlite', Template>();
  const templateFor = (db: Db) => {
    const dialect = isPostgres(db) ? 'postgres' : 'sqlite';
    const known = templates.get(dialect);
    if (known) return known;
    const markers = Object.fromEntries(argNames.map((name) => [name, placeholder(name)]));
    const compiled = build(db, markers as Args).compile();
    const byMarker = new Map(argNames.map((name) => [placeholder(name), name]));
    const takes = compiled.parameters.map((p) => (typeof p === 'string' ? byMarker.get(p) : undefined));
    const missing = argNames.filter((name) => !takes.includes(name));
    if (missing.length > 0 || compiled.sql.includes('\u0000'))
      throw new Error(
        `preparedQuery: arguments not bound as parameters: ${missing.join(', ') || 'in SQL text'}`,
      );
    const template = { compiled, takes };
    templates.set(dialect, template);
    return template;
  };
  return async (db, args) => {
    const { compiled, takes } = templateFor(db);
    const values = args as Record<string, unknown>;
    const parameters = takes.map((name, i) => (name === undefined ? compiled.parameters[i] : values[name]));
    const result = await db.executeQuery<Row>({ ...compiled, parameters } as CompiledQuery<Row>);
    return result.rows;
  };
}

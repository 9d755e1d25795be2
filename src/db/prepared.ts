/**
 * Queries on hot paths, built and compiled once. Kysely builds and compiles
 * a query's tree on every call, which for a small indexed query costs more
 * than SQLite takes to run it; a query asked on every post (or every page)
 * is built once per dialect with placeholders, then run with new values.
 */
import type { Compilable, CompiledQuery } from 'kysely';
import { isPostgres } from './connect.js';
import type { Db } from './schema.js';
import { isLiteralCount } from './sqlite-dialect.js';

/** Compiled queries one preparedQuery keeps (two dialects, a few counts each). */
const MAX_TEMPLATES = 16;

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
 * `counts` are arguments used only as a LIMIT: they get their real value, a
 * non-negative integer, and one query is compiled per value (SQLite writes a
 * LIMIT into the SQL, src/db/sqlite-dialect.ts). Keep them to a few values,
 * constants of the code: each value is a compiled query and a statement kept.
 * Returns a function that runs the query with real values, through `db`
 * (a transaction included), and gives its rows.
 */
export function preparedQuery<Args extends object, Row>(
  argNames: readonly (keyof Args & string)[],
  build: (db: Db, args: Args) => Compilable<Row>,
  counts: readonly (keyof Args & string)[] = [],
): (db: Db, args: Args) => Promise<Row[]> {
  const templates = new Map<string, Template>();
  const templateFor = (db: Db, values: Record<string, unknown>) => {
    // On every call: nothing allocated for a query without counts.
    let key: string = isPostgres(db) ? 'postgres' : 'sqlite';
    for (const name of counts) {
      const value = values[name];
      if (!isLiteralCount(value)) throw new Error(`preparedQuery: not a count: ${name}`);
      key += ` ${value}`;
    }
    const known = templates.get(key);
    if (known) return known;
    if (templates.size >= MAX_TEMPLATES)
      throw new Error(`preparedQuery: more than ${MAX_TEMPLATES} different counts (${counts.join(', ')})`);
    const markers: Record<string, unknown> = Object.fromEntries(
      argNames.map((name) => [name, placeholder(name)]),
    );
    for (const name of counts) markers[name] = values[name];
    const compiled = build(db, markers as Args).compile();
    const byMarker = new Map(argNames.map((name) => [placeholder(name), name]));
    const takes = compiled.parameters.map((p) => (typeof p === 'string' ? byMarker.get(p) : undefined));
    const missing = argNames.filter((name) => !takes.includes(name));
    if (missing.length > 0 || compiled.sql.includes('\u0000'))
      throw new Error(
        `preparedQuery: arguments not bound as parameters: ${missing.join(', ') || 'in SQL text'}`,
      );
    const template = { compiled, takes };
    templates.set(key, template);
    return template;
  };
  return async (db, args) => {
    const values = args as Record<string, unknown>;
    const { compiled, takes } = templateFor(db, values);
    const parameters = takes.map((name, i) => (name === undefined ? compiled.parameters[i] : values[name]));
    const result = await db.executeQuery<Row>({ ...compiled, parameters } as CompiledQuery<Row>);
    return result.rows;
  };
}

/**
 * The SQLite that better-sqlite3 12 bundles (3.53) lets its query planner
 * read a bound LIMIT's value, and therefore marks a statement to be prepared
 * again every time that parameter is bound: with `LIMIT ?` every run of a
 * cached statement parsed and planned its SQL anew (the related articles'
 * statement took 209 µs bound against 122 µs written out; a bound OFFSET is
 * not affected). Sahifa's SQLite dialect writes a LIMIT that is a plain count
 * into the SQL text instead. Counts come from the code (page sizes) or from
 * validated input; anything else stays a parameter. Raw `sql` templates still
 * bind theirs (search's LIMITs: its statement runs for milliseconds, and was
 * left as it is).
 */
import { type LimitNode, SqliteDialect, SqliteQueryCompiler, ValueNode } from 'kysely';

/** A count SQLite may see written out: a non-negative safe integer, nothing else. */
export const isLiteralCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

class LiteralLimitCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    const { limit } = node;
    if (ValueNode.is(limit) && isLiteralCount(limit.value)) {
      this.append(`limit ${limit.value}`);
      return;
    }
    super.visitLimit(node);
  }
}

export class SahifaSqliteDialect extends SqliteDialect {
  override createQueryCompiler() {
    return new LiteralLimitCompiler();
  }
}

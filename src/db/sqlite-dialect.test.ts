import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connect.js';
import { preparedQuery } from './prepared.js';

// SQLite prepares a statement again on every run when its LIMIT is bound (sqlite-dialect.ts):
// the SQL a count compiles to is what decides it.
describe('SQLite LIMIT written as a count', () => {
  const db = openDatabase({ sqlitePath: ':memory:' });

  it('writes a count into the SQL and keeps every other value bound', () => {
    const query = db
      .selectFrom('secrets')
      .select('name')
      .where('name', '=', 'a')
      .orderBy('name')
      .limit(20)
      .offset(40)
      .compile();
    expect(query.sql).toMatch(/ limit 20 offset \?$/);
    expect(query.parameters).toEqual(['a', 40]);
  });

  it('keeps anything that is not a non-negative integer a parameter', () => {
    for (const value of [-1, 1.5, Number.NaN, 2 ** 60, '5; drop table secrets'] as number[]) {
      const query = db.selectFrom('secrets').select('name').limit(value).compile();
      expect(query.sql).toMatch(/ limit \?$/);
      expect(query.parameters).toEqual([value]);
    }
  });

  it('writes counts in subqueries too, and leaves expressions alone', () => {
    const query = db
      .selectFrom((eb) => eb.selectFrom('secrets').select('name').limit(3).as('s'))
      .select('s.name')
      .limit(sql<number>`1 + 1`)
      .compile();
    expect(query.sql).toContain('limit 3)');
    expect(query.sql).toMatch(/ limit 1 \+ 1$/);
  });

  it('compiles a prepared query once per count, and refuses what is not a count', async () => {
    const names = preparedQuery(
      ['prefix'],
      (d, a: { prefix: string; upTo: number }) =>
        d.selectFrom('secrets').select('name').where('name', 'like', a.prefix).limit(a.upTo),
      ['upTo'],
    );
    await sql`create table secrets (name text primary key, value text, created_at text)`.execute(db);
    await db
      .insertInto('secrets')
      .values(['a', 'b', 'c'].map((name) => ({ name, value: name, created_at: '2026-12-02' })))
      .execute();
    expect(await names(db, { prefix: '%', upTo: 2 })).toHaveLength(2);
    expect(await names(db, { prefix: '%', upTo: 3 })).toHaveLength(3);
    expect(await names(db, { prefix: 'b%', upTo: 2 })).toEqual([{ name: 'b' }]);
    await expect(names(db, { prefix: '%', upTo: -1 })).rejects.toThrow(/not a count: upTo/);
  });
});

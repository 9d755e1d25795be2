import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { preparedQuery } from './prepared.js';
import { describeEachDatabase } from './testing.js';
import { inTransaction } from './transaction.js';

const insertSecret = preparedQuery(
  ['name', 'value', 'at'],
  (db, a: { name: string; value: string; at: string }) =>
    db.insertInto('secrets').values({ name: a.name, value: a.value, created_at: a.at }),
);

const secretsNamed = preparedQuery(
  ['prefix'],
  (db, a: { prefix: string; upTo: number }) =>
    db
      .selectFrom('secrets')
      .select(['name', 'value'])
      // A constant of the query stays as it was built; only the arguments change per call.
      .where('name', '!=', 'never-this-one')
      .where('name', 'like', a.prefix)
      .orderBy('name')
      .limit(a.upTo),
  ['upTo'],
);

describeEachDatabase('preparedQuery', (db) => {
  it('runs one compiled query with each call’s values, in and out of transactions', async () => {
    const at = '2026-12-01T10:00:00.000Z';
    for (const name of ['prepared-a', 'prepared-b', 'prepared-c'])
      await insertSecret(db(), { name, value: `value of ${name}`, at });
    await inTransaction(db(), (trx) =>
      insertSecret(trx, { name: 'prepared-d', value: 'in a transaction', at }),
    );

    expect(await secretsNamed(db(), { prefix: 'prepared-%', upTo: 2 })).toEqual([
      { name: 'prepared-a', value: 'value of prepared-a' },
      { name: 'prepared-b', value: 'value of prepared-b' },
    ]);
    const all = await inTransaction(db(), (trx) => secretsNamed(trx, { prefix: 'prepared-%', upTo: 10 }));
    expect(all.map((r) => r.name)).toEqual(['prepared-a', 'prepared-b', 'prepared-c', 'prepared-d']);
    expect(await secretsNamed(db(), { prefix: 'nothing-%', upTo: 10 })).toEqual([]);
  });

  it('refuses a query that does not take an argument as a value', async () => {
    // Computing on the placeholder (here: dropping it for a literal) would freeze the first call's value.
    const computed = preparedQuery(['name'], (d, a: { name: string }) =>
      d
        .selectFrom('secrets')
        .select('value')
        .where('name', '=', sql.lit(a.name.length > 0 ? 'x' : 'y')),
    );
    await expect(computed(db(), { name: 'x' })).rejects.toThrow(/not bound as parameters: name/);
    const literal = preparedQuery(['name'], (d, a: { name: string }) =>
      d.selectFrom('secrets').select('value').where('name', '=', sql.lit(a.name)),
    );
    await expect(literal(db(), { name: 'x' })).rejects.toThrow(/not bound as parameters/);
  });
});

import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { findPublishedArticle, relatedArticles, listArticleCards } from './src/articles/queries.ts';
import { listEditions } from './src/editions/queries.ts';
const sqlite = new SqliteDatabase('/tmp/benchdata/sahifa.sqlite');
const queries: { sql: string; params: readonly unknown[] }[] = [];
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }), log: (e) => { queries.push({ sql: e.query.sql, params: e.query.parameters }); } });
const editions = await listEditions(db);
const ar = editions[0]!;
const now = new Date();
const art = await findPublishedArticle(db, ar, editions, 'المصرف-المركزي-يطلق-مشروعا-تجريبيا-لدعم-المزارعين-الصغار-g0', now);
await relatedArticles(db, ar, art!, { now, limit: 6 });
if (process.argv[2]==='home') { queries.length=0; await listArticleCards(db, ar, {kind:'edition'}, {now, limit:20}); }
for (const q of queries) {
  const st = sqlite.prepare(q.sql);
  const plan = sqlite.prepare('EXPLAIN QUERY PLAN ' + q.sql).all(...(q.params as any[]));
  const t0 = process.hrtime.bigint(); for (let i=0;i<300;i++) st.all(...(q.params as any[])); const us = Number(process.hrtime.bigint()-t0)/300/1000;
  console.log(us.toFixed(1)+'us', q.sql.slice(0, 120)); for (const p of plan as any[]) console.log('    ', p.detail);
}

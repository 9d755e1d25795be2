import { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import { type IngestOptions, type IngestOutcome, ingestFiles, tally } from '../wire/ingest.js';
import { withDatabase } from './database.js';

const argumentsSchema = z.object({
  files: z.array(z.string().min(1)).min(1),
  options: z.object({
    publish: z.boolean().default(false),
    edition: z.string().trim().min(1).optional(),
  }),
});

/** `sahifa ingest [--publish] [--edition CODE] FILE...`: wire items into the configured database. */
export function ingestCommand(): Command {
  return new Command('ingest')
    .description('import IPTC ninjs 1.x/2.x JSON files (one item or an array of items each)')
    .argument('<files...>', 'ninjs JSON files')
    .option('--publish', 'publish usable items (default: they arrive as drafts)')
    .option('--edition <code>', "edition for every item (default: the one in each item's language)")
    .action(async (files: unknown, options: unknown) => {
      const parsed = argumentsSchema.parse({ files, options });
      await runIngest(parsed.files, { publish: parsed.options.publish, editionCode: parsed.options.edition });
    });
}

async function runIngest(files: string[], options: Omit<IngestOptions, 'publicUrl'>): Promise<void> {
  const config = loadConfig();
  await withDatabase(async (db) => {
    const outcomes = await ingestFiles(db, files, { ...options, publicUrl: config.publicUrl }, new Date());
    for (const outcome of outcomes) report(outcome);
    const counts = tally(outcomes);
    console.log(
      `created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, failed ${counts.failed}`,
    );
    if (counts.failed > 0) process.exitCode = 1;
  });
}

/** Published articles by their public URL; drafts by id and edition/slug. */
function report(outcome: IngestOutcome): void {
  if (!outcome.ok) {
    for (const problem of outcome.problems) console.error(`${outcome.file}: ${problem}`);
    return;
  }
  const { action, url, articleId, editionCode, slug } = outcome.item;
  console.log(url ? `${action} ${url}` : `${action} ${articleId} ${editionCode}/${slug}`);
}

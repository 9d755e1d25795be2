import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { z } from 'zod';
import { outboundPolicy } from '../http/outbound.js';
import { type IngestOptions, type IngestOutcome, ingestFiles, tally } from '../wire/ingest.js';
import type { CliContext } from './context.js';
import { withDatabase } from './database.js';

const argumentsSchema = z.object({
  files: z.array(z.string().min(1)).min(1),
  options: z.object({
    publish: z.boolean().default(false),
    edition: z.string().trim().min(1).optional(),
  }),
});

/** Below this many files a progress bar is more noise than help. */
const PROGRESS_BAR_FROM = 20;

/** `sahifa ingest [--publish] [--edition CODE] FILE|FOLDER|URL...`: wire items into the configured database. */
export function ingestCommand(cli: CliContext): Command {
  return new Command('ingest')
    .description(
      'import wire items: RSS 2.0, Atom, IPTC ninjs 1.x/2.x/3.x or NewsML-G2 (detected by content), from files, folders or http(s) URLs',
    )
    .argument('<sources...>', 'files, folders (read recursively) or http(s) URLs')
    .option('--publish', 'publish usable items (default: they arrive as drafts)')
    .option('--edition <code>', "edition for every item (default: the one in each item's language)")
    .action(async (files: unknown, options: unknown) => {
      const parsed = argumentsSchema.parse({ files, options });
      await runIngest(cli, parsed.files, {
        publish: parsed.options.publish,
        editionCode: parsed.options.edition,
        source: 'cli',
      });
    });
}

async function runIngest(
  cli: CliContext,
  sources: string[],
  options: Omit<IngestOptions, 'publicUrl'>,
): Promise<void> {
  const config = cli.settings();
  // On a terminal, a large batch shows a bar and then only the failures; otherwise one line per item.
  const bar = cli.stderr.isTTY ? new SingleBar({ stream: cli.stderr, hideCursor: true }) : undefined;
  let barStarted = false;
  await withDatabase(cli, async (db) => {
    const outcomes = await ingestFiles(db, sources, { ...options, publicUrl: config.publicUrl }, new Date(), {
      outbound: outboundPolicy(config.outboundAllow),
      onProgress: (done, total) => {
        if (!bar || total < PROGRESS_BAR_FROM) return;
        if (!barStarted) bar.start(total, 0);
        barStarted = true;
        bar.update(done);
      },
    });
    if (barStarted) bar?.stop();
    for (const outcome of outcomes) {
      if (!barStarted || !outcome.ok) report(cli, outcome);
    }
    const counts = tally(outcomes);
    cli.out(
      `created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, failed ${counts.failed}`,
    );
    if (counts.failed > 0) cli.exitCode = 1;
  });
}

/** Published articles by their public URL; drafts by id and edition/slug; failures with their reasons. */
function report(cli: CliContext, outcome: IngestOutcome): void {
  if (!outcome.ok) {
    for (const problem of outcome.problems) cli.err(`${outcome.file}: ${problem}`);
    return;
  }
  const { action, url, articleId, editionCode, slug } = outcome.item;
  cli.out(url ? `${action} ${url}` : `${action} ${articleId} ${editionCode}/${slug}`);
}

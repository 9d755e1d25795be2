import cliProgress from 'cli-progress';
import { Command } from 'commander';
import type { CliContext } from '../cli/context.js';
import { withDatabase } from '../cli/database.js';
import { editionCodeSchema } from '../editions/settings.js';
import { countArticles, reindexArticles } from './queries.js';

/** Plain progress lines this often (articles) when stdout is not a terminal. */
const PLAIN_PROGRESS_EVERY = 5000;

/** `sahifa search reindex [--edition CODE]`: rebuilds the search index from the articles. */
export function searchCommand(cli: CliContext): Command {
  const search = new Command('search').description('the full-text search index');
  search
    .command('reindex')
    .description('rebuild the search index of every article (drafts too), or of one edition')
    .option('--edition <code>', 'only this edition, e.g. ar')
    .action(async (options: { edition?: string }) => {
      const edition =
        options.edition === undefined ? undefined : editionCodeSchema.safeParse(options.edition);
      if (edition && !edition.success) {
        cli.err(`--edition: ${edition.error.issues[0]?.message ?? 'invalid'}`);
        cli.exitCode = 1;
        return;
      }
      await withDatabase(cli, async (db) => {
        const editionCode = edition?.data;
        if (editionCode) {
          const known = await db
            .selectFrom('editions')
            .select('code')
            .where('code', '=', editionCode)
            .executeTakeFirst();
          if (!known) {
            cli.err(`--edition: no edition ${editionCode}`);
            cli.exitCode = 1;
            return;
          }
        }
        const total = await countArticles(db, editionCode);
        const started = performance.now();
        const progress = progressReporter(cli, total);
        const done = await reindexArticles(db, { editionCode, onProgress: progress.update });
        progress.stop();
        const seconds = (performance.now() - started) / 1000;
        cli.out(
          `reindexed ${done} articles${editionCode ? ` of ${editionCode}` : ''} in ${seconds.toFixed(1)} s`,
        );
      });
    });
  return search;
}

/** A progress bar on a terminal; plain lines otherwise (logs, CI). */
function progressReporter(
  cli: CliContext,
  total: number,
): { update: (done: number) => void; stop: () => void } {
  if (cli.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'indexing [{bar}] {percentage}% | {value}/{total} articles | {eta_formatted} left',
        stream: cli.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  let shown = 0;
  return {
    update: (done) => {
      if (done - shown < PLAIN_PROGRESS_EVERY && done < total) return;
      shown = done;
      cli.out(`indexed ${done}/${total}`);
    },
    stop: () => {},
  };
}

import path from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import type { CliContext } from '../cli/context.js';
import { withDatabase } from '../cli/database.js';
import type { Db } from '../db/schema.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import {
  checkedSource,
  createFeed,
  FEED_FORMATS,
  FEED_MODES,
  type FeedInput,
  feedInputSchema,
  feedReferencesProblem,
  listFeeds,
  removeFeed,
} from './feeds.js';

const addOptions = z.object({
  name: z.string(),
  source: z.string(),
  format: z.enum(FEED_FORMATS),
  agency: z.string().optional(),
  edition: z.string(),
  section: z.string().optional(),
  mode: z.enum(FEED_MODES),
  interval: z.string(),
});

/** `sahifa feed add|list|remove`: the wire feeds the server polls. */
export function feedCommand(cli: CliContext): Command {
  const feed = new Command('feed').description('add, list and remove wire feeds');

  feed
    .command('add')
    .description('add a feed (polled by the server, first right away)')
    .requiredOption('--name <name>', 'what the desk calls it')
    .requiredOption('--source <url-or-folder>', 'an http(s) URL, or a drop folder agencies push files into')
    .addOption(new Option('--format <format>', 'what it sends').choices(FEED_FORMATS).default('auto'))
    .option('--agency <slug>', 'the agency credited (byline and copyright line)')
    .requiredOption('--edition <code>', 'the edition its items are for')
    .option('--section <slug>', "the edition's section for its articles")
    .addOption(
      new Option('--mode <mode>', 'queue for the desk, or publish automatically')
        .choices(FEED_MODES)
        .default('queue'),
    )
    .option('--interval <minutes>', 'minutes between polls', '5')
    .action(async (raw: unknown) => {
      const options = addOptions.parse(raw);
      await withDatabase(cli, async (db) => {
        const input = await feedInputFrom(cli, db, options);
        if (typeof input === 'string') return cli.fail(`Cannot add the feed: ${input}`);
        const id = await createFeed(db, input, new Date());
        cli.out(`added feed ${id} (${input.name})`);
      });
    });

  feed
    .command('list')
    .description('feeds: id, edition, mode, format, interval, source, last poll')
    .action(async () => {
      await withDatabase(cli, async (db) => {
        for (const f of await listFeeds(db)) {
          const state = f.lastError
            ? `failing (${f.failures}): ${f.lastError}`
            : f.lastSuccessAt
              ? `ok ${f.lastSuccessAt}`
              : 'not polled yet';
          cli.out(
            [f.id, f.name, f.editionCode, f.mode, f.format, `${f.pollSeconds / 60}min`, f.source, state].join(
              '\t',
            ),
          );
        }
      });
    });

  feed
    .command('remove')
    .argument('<id>', 'the feed id (see `sahifa feed list`)')
    .description('stop polling a feed; the items it brought stay on the wire desk')
    .action(async (id: string) => {
      await withDatabase(cli, async (db) => {
        if (!(await removeFeed(db, id))) return cli.fail(`No feed ${id}`);
        cli.out(`removed feed ${id}`);
      });
    });

  return feed;
}

/** The command's options as a feed's settings (slugs looked up), or why they are not. */
async function feedInputFrom(
  cli: CliContext,
  db: Db,
  options: z.infer<typeof addOptions>,
): Promise<FeedInput | string> {
  const t = messagesFor('en');
  const agency = options.agency
    ? await db.selectFrom('agencies').select('id').where('slug', '=', options.agency).executeTakeFirst()
    : undefined;
  if (options.agency && !agency) return `no agency "${options.agency}"`;
  const section = options.section
    ? await db
        .selectFrom('sections')
        .select('id')
        .where('edition_code', '=', options.edition)
        .where('slug', '=', options.section)
        .executeTakeFirst()
    : undefined;
  if (options.section && !section) return `no section "${options.section}" in edition "${options.edition}"`;
  const isUrl = /^https?:\/\//i.test(options.source);
  const parsed = feedInputSchema.safeParse({
    name: options.name,
    source: isUrl ? options.source : path.resolve(options.source),
    format: options.format,
    agencyId: agency?.id ?? null,
    editionCode: options.edition,
    sectionId: section?.id ?? null,
    mode: options.mode,
    pollMinutes: options.interval,
  });
  if (!parsed.success) {
    return parsed.error.issues
      .map((issue) => `${String(issue.path[0])}: ${messageText(t, issue.message)}`)
      .join('; ');
  }
  const { dataDir, wireDropRoot } = cli.settings();
  const source = await checkedSource(parsed.data.source, { dropRoot: wireDropRoot, dataDir });
  if (source === null) return format(t.wireErrorDropFolder, { root: wireDropRoot });
  const problem = await feedReferencesProblem(db, parsed.data);
  return problem ? messageText(t, problem) : { ...parsed.data, source };
}

/** Schema messages are keys of the UI strings; the command line speaks English. */
function messageText(t: Messages, key: string): string {
  const text = key in t ? t[key as keyof Messages] : undefined;
  return typeof text === 'string' ? text : key;
}

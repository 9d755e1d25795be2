import { Command } from 'commander';
import type { z } from 'zod';
import type { CliContext } from '../cli/context.js';
import { withDatabase } from '../cli/database.js';
import { listAgencySummaries } from './queries.js';
import { addAgency, agencyInputSchema } from './store.js';

interface AddOptions {
  name: string;
  slug?: string;
  copyright?: string;
  url?: string;
}

/** The schema's fields as the options that set them. */
const OPTION_OF: Record<string, string> = { copyrightLine: 'copyright' };

function explain(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const field = String(i.path[0] ?? 'name');
      return `  --${OPTION_OF[field] ?? field}: ${i.message}`;
    })
    .join('\n');
}

/** `sahifa agency list|add`: the agencies credited on agency copy and chosen per wire feed. */
export function agencyCommand(cli: CliContext): Command {
  const agency = new Command('agency').description('list and add news agencies');

  agency
    .command('list')
    .description('list agencies: slug, name, copyright line, website, articles credited, wire feeds')
    .action(async () => {
      await withDatabase(cli, async (db) => {
        for (const a of await listAgencySummaries(db)) {
          cli.out(
            [a.slug, a.name, a.copyrightLine, a.url, `${a.articles} articles`, `${a.feeds} feeds`].join('\t'),
          );
        }
      });
    });

  agency
    .command('add')
    .description('add an agency')
    .requiredOption('--name <text>', 'the name credited, e.g. Reuters')
    .option('--slug <slug>', 'used in its page address /edition/agency/slug (default: made from the name)')
    .option('--copyright <text>', 'copyright line shown with its stories, e.g. "© Reuters"')
    .option('--url <url>', 'its website (http:// or https://)')
    .action(async (options: AddOptions) => {
      const input = agencyInputSchema.safeParse({
        name: options.name,
        slug: options.slug ?? '',
        copyrightLine: options.copyright ?? '',
        url: options.url ?? '',
      });
      if (!input.success) return cli.fail(`Cannot add agency:\n${explain(input.error)}`);
      await withDatabase(cli, async (db) => {
        const added = await addAgency(db, input.data, new Date());
        if (!added.ok)
          return cli.fail(`Cannot add agency: the slug ${input.data.slug} is taken (give --slug)`);
        cli.out(`added agency ${input.data.slug}`);
      });
    });

  return agency;
}

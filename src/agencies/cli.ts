import { Command } from 'commander';
import type { z } from 'zod';
import type { CliContext } from '../cli/context.js';
import { withDatabase } from '../cli/database.js';
import type { Db } from '../db/schema.js';
import { listEditions } from '../editions/queries.js';
import { findAgencyBySlug, listAgencySummaries } from './queries.js';
import { type AgencyInput, addAgency, agencyInputSchema, updateAgency } from './store.js';

interface AgencyOptions {
  name?: string;
  slug?: string;
  copyright?: string;
  url?: string;
  nameIn: string[];
}

/** The schema's fields as the options that set them. */
const OPTION_OF: Record<string, string> = { copyrightLine: 'copyright', names: 'name-in' };

/** `--name-in LANG=NAME` given several times: every pair, in order. */
const collect = (value: string, previous: string[]) => [...previous, value];

/** `ar=وكالة أنباء المشرق` as { language, name }; without `=` the language is the whole text and the name undefined. */
function splitPair(pair: string): { language: string; name: string | undefined } {
  const at = pair.indexOf('=');
  return at < 0
    ? { language: pair.trim(), name: undefined }
    : { language: pair.slice(0, at).trim(), name: pair.slice(at + 1) };
}

function explain(error: z.ZodError, pairs: string[]): string {
  return error.issues
    .map((i) => {
      const field = String(i.path[0] ?? 'name');
      const pair = field === 'names' && typeof i.path[1] === 'number' ? ` ${pairs[i.path[1]]}` : '';
      return `  --${OPTION_OF[field] ?? field}${pair}: ${i.message}`;
    })
    .join('\n');
}

/**
 * The --name-in pairs, refused with a message when one has no `=` or names a language no
 * edition is in (an empty name, which removes a name, may name any language).
 */
async function namePairs(
  db: Db,
  pairs: string[],
): Promise<{ ok: true; names: { language: string; name: string }[] } | { ok: false; message: string }> {
  const split = pairs.map(splitPair);
  const bare = pairs.find((_, i) => split[i]?.name === undefined);
  if (bare !== undefined)
    return { ok: false, message: `  --name-in ${bare}: write LANG=NAME, e.g. ar=وكالة أنباء المشرق` };
  const names = split.map((n) => ({ language: n.language, name: n.name ?? '' }));
  const setting = names.filter((n) => n.name.trim() !== '');
  if (setting.length === 0) return { ok: true, names };
  const languages = [...new Set((await listEditions(db)).map((e) => e.language))];
  const unknown = setting.find((n) => !languages.includes(n.language));
  if (unknown)
    return {
      ok: false,
      message: `  --name-in ${unknown.language}=…: no edition is in ${unknown.language} (edition languages: ${languages.join(', ') || 'none'})`,
    };
  return { ok: true, names };
}

const nameOption = (command: Command) =>
  command.option(
    '--name-in <lang=name>',
    'its name in an edition language, e.g. ar=وكالة أنباء المشرق (repeatable; an empty name removes it)',
    collect,
    [],
  );

/** `sahifa agency list|add|set`: the agencies credited on agency copy and chosen per wire feed. */
export function agencyCommand(cli: CliContext): Command {
  const agency = new Command('agency').description('list, add and change news agencies');

  agency
    .command('list')
    .description(
      'list agencies: slug, name, copyright line, website, articles credited, wire feeds, names per language',
    )
    .action(async () => {
      await withDatabase(cli, async (db) => {
        for (const a of await listAgencySummaries(db)) {
          const names = Object.entries(a.names).map(([language, name]) => `${language}=${name}`);
          cli.out(
            [
              a.slug,
              a.name,
              a.copyrightLine,
              a.url,
              `${a.articles} articles`,
              `${a.feeds} feeds`,
              ...names,
            ].join('\t'),
          );
        }
      });
    });

  nameOption(
    agency
      .command('add')
      .description('add an agency')
      .requiredOption('--name <text>', 'the name credited where it has no name in the language, e.g. Reuters')
      .option('--slug <slug>', 'used in its page address /edition/agency/slug (default: made from the name)')
      .option('--copyright <text>', 'copyright line shown with its stories, e.g. "© Reuters"')
      .option('--url <url>', 'its website (http:// or https://)'),
  ).action(async (options: AgencyOptions) => {
    await withDatabase(cli, async (db) => {
      const names = await namePairs(db, options.nameIn);
      if (!names.ok) return cli.fail(`Cannot add agency:\n${names.message}`);
      const input = agencyInputSchema.safeParse({
        name: options.name,
        names: names.names,
        slug: options.slug ?? '',
        copyrightLine: options.copyright ?? '',
        url: options.url ?? '',
      });
      if (!input.success) return cli.fail(`Cannot add agency:\n${explain(input.error, options.nameIn)}`);
      const added = await addAgency(db, input.data, new Date());
      if (!added.ok) return cli.fail(`Cannot add agency: the slug ${input.data.slug} is taken (give --slug)`);
      cli.out(`added agency ${input.data.slug}`);
    });
  });

  nameOption(
    agency
      .command('set')
      .argument('<slug>', 'the agency, by slug (see agency list)')
      .description('change an agency (only the options given)')
      .option('--name <text>', 'the name credited where it has no name in the language')
      .option('--slug <slug>', 'a new slug (its page moves; the old address redirects)')
      .option('--copyright <text>', 'copyright line shown with its stories ("" removes it)')
      .option('--url <url>', 'its website ("" removes it)'),
  ).action(async (slug: string, options: AgencyOptions) => {
    await withDatabase(cli, async (db) => {
      const current = await findAgencyBySlug(db, slug);
      if (!current) return cli.fail(`No agency ${slug} (see sahifa agency list)`);
      const names = await namePairs(db, options.nameIn);
      if (!names.ok) return cli.fail(`Cannot change agency ${slug}:\n${names.message}`);
      const input = agencyInputSchema.safeParse({
        name: options.name ?? current.name,
        names: names.names,
        slug: options.slug ?? current.slug,
        copyrightLine: options.copyright ?? current.copyrightLine,
        url: options.url ?? current.url,
      } satisfies Record<keyof AgencyInput, unknown>);
      if (!input.success)
        return cli.fail(`Cannot change agency ${slug}:\n${explain(input.error, options.nameIn)}`);
      const result = await updateAgency(db, current.id, input.data, new Date());
      if (!result.ok && result.error === 'slug_taken')
        return cli.fail(`Cannot change agency ${slug}: the slug ${input.data.slug} is taken`);
      if (!result.ok) return cli.fail(`No agency ${slug}`);
      cli.out(result.changed ? `updated agency ${input.data.slug}` : `agency ${slug}: no change`);
    });
  });

  return agency;
}

import { Command, Option } from 'commander';
import type { z } from 'zod';
import { listEditions } from '../editions/queries.js';
import {
  addEdition,
  type EditionSettings,
  editionCodeSchema,
  editionSettingsSchema,
  parseSocialPairs,
  updateEdition,
} from '../editions/settings.js';
import { MONTH_SEPARATORS } from '../i18n/dates.js';
import { availableLanguages } from '../i18n/messages.js';
import type { CliContext } from './context.js';
import { withDatabase } from './database.js';

interface EditionOptions {
  name?: string;
  description?: string;
  language?: string;
  direction?: string;
  dateStyle?: string;
  digits?: string;
  monthSeparator?: string;
  timeZone?: string;
  social?: string[];
  clearSocial?: boolean;
  position?: string;
}

function explain(error: z.ZodError): string {
  const option = (path: PropertyKey[]) =>
    String(path[0] ?? 'value').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return error.issues.map((i) => `  --${option(i.path)}: ${i.message}`).join('\n');
}

function settingOptions(command: Command): Command {
  return command
    .option('--name <text>', 'edition name shown in the masthead')
    .option('--description <text>', 'one line about the edition')
    .option('--language <tag>', 'BCP-47 language tag, e.g. ar or en-GB')
    .addOption(new Option('--direction <dir>', 'text direction').choices(['rtl', 'ltr']))
    .addOption(
      new Option('--date-style <style>', 'how Arabic months are named').choices([
        'levant',
        'gregorian',
        'syriac',
      ]),
    )
    .addOption(
      new Option('--digits <digits>', 'Western (latn) or Arabic-Indic (arab) digits').choices([
        'latn',
        'arab',
      ]),
    )
    .addOption(
      new Option(
        '--month-separator <sep>',
        'with --date-style levant, how the two month names are joined: space (نوفمبر تشرين الثاني), slash (نوفمبر/تشرين الثاني) or parentheses (نوفمبر (تشرين الثاني))',
      ).choices(MONTH_SEPARATORS),
    )
    .option('--time-zone <zone>', 'IANA time zone, e.g. Asia/Beirut')
    .option('--social <network=url...>', 'a "find us" link, e.g. x=https://x.com/name (repeatable)')
    .option('--position <n>', 'order among editions (0 first)');
}

/** `sahifa edition list|add|set`: editions are rows; their UI strings come from src/i18n/locales. */
export function editionCommand(cli: CliContext): Command {
  const edition = new Command('edition').description('list, add and configure editions');

  edition
    .command('list')
    .description('list editions and their settings')
    .action(async () => {
      await withDatabase(cli, async (db) => {
        for (const e of await listEditions(db)) {
          cli.out(
            [
              e.code,
              e.language,
              e.direction,
              e.dateStyle,
              e.digits,
              e.monthSeparator,
              e.timeZone,
              e.name,
              `${e.social.length} links`,
            ].join('\t'),
          );
        }
      });
    });

  settingOptions(edition.command('add').argument('<code>', 'edition code used in URLs, e.g. fr'))
    .description('add an edition (needs --name, --language and --direction)')
    .action(async (code: string, options: EditionOptions) => {
      const parsedCode = editionCodeSchema.safeParse(code);
      const settings = editionSettingsSchema.safeParse({
        name: options.name,
        description: options.description ?? '',
        language: options.language,
        direction: options.direction,
        dateStyle: options.dateStyle ?? 'levant',
        digits: options.digits ?? 'latn',
        monthSeparator: options.monthSeparator ?? 'space',
        timeZone: options.timeZone ?? 'UTC',
        social: parseSocialPairs(options.social ?? []),
        position: Number(options.position ?? 0),
      });
      if (!parsedCode.success) return cli.fail(`edition code: ${parsedCode.error.issues[0]?.message}`);
      if (!settings.success) return cli.fail(`Cannot add edition ${code}:\n${explain(settings.error)}`);
      const language = settings.data.language;
      if (
        !availableLanguages().includes(language) &&
        !availableLanguages().includes(language.split('-')[0] ?? '')
      ) {
        cli.err(`note: no src/i18n/locales/${language}.json yet; the interface will be in English`);
      }
      await withDatabase(cli, async (db) => {
        const added = await addEdition(db, code, settings.data, new Date());
        if (!added.ok) return cli.fail(`Edition ${code} exists already`);
        cli.out(`added edition ${code}`);
      });
    });

  settingOptions(edition.command('set').argument('<code>', 'edition code'))
    .option('--clear-social', 'remove every "find us" link first')
    .description('change settings of an edition (only the options given)')
    .action(async (code: string, options: EditionOptions) => {
      await withDatabase(cli, async (db) => {
        const current = (await listEditions(db)).find((e) => e.code === code);
        if (!current) return cli.fail(`No edition ${code}`);
        const social = [
          ...(options.clearSocial ? [] : current.social),
          ...parseSocialPairs(options.social ?? []),
        ];
        const settings = editionSettingsSchema.safeParse({
          name: options.name ?? current.name,
          description: options.description ?? current.description,
          language: options.language ?? current.language,
          direction: options.direction ?? current.direction,
          dateStyle: options.dateStyle ?? current.dateStyle,
          digits: options.digits ?? current.digits,
          monthSeparator: options.monthSeparator ?? current.monthSeparator,
          timeZone: options.timeZone ?? current.timeZone,
          social,
          position: options.position === undefined ? current.position : Number(options.position),
        } satisfies Record<keyof EditionSettings, unknown>);
        if (!settings.success) return cli.fail(`Cannot change edition ${code}:\n${explain(settings.error)}`);
        const changed = await updateEdition(db, code, settings.data, new Date());
        cli.out(
          changed.length > 0
            ? `updated edition ${code}: ${changed.join(', ')}`
            : `edition ${code}: no change`,
        );
      });
    });

  return edition;
}

import { Command, Option } from 'commander';
import { z } from 'zod';
import type { CliContext } from '../cli/context.js';
import { withDatabase } from '../cli/database.js';
import {
  createIntegration,
  INTEGRATION_ROLES,
  newIntegrationSchema,
  revokeIntegration,
} from './integrations.js';
import { listIntegrations } from './queries.js';

const idArgument = z.string().regex(/^[0-9a-z]{1,32}$/);

/** `sahifa integration add|list|revoke`: tokens for programs that use the admin API. */
export function integrationCommand(cli: CliContext): Command {
  const integration = new Command('integration').description(
    'add, list and revoke integrations (tokens for the admin API, /api/admin/v1)',
  );

  integration
    .command('add')
    .argument('<name>', 'what the integration is, e.g. "CMS bridge"')
    .addOption(new Option('--role <role>', 'what it may do').choices(INTEGRATION_ROLES).makeOptionMandatory())
    // Repeatable rather than variadic, so the name after it is not taken for an edition.
    .option(
      '--edition <code>',
      'an edition it works in (repeatable; at least one)',
      (code: string, previous: string[]) => [...previous, code],
      [],
    )
    .description('add an integration and print its token (shown this once only)')
    .action(async (name: string, options: { role: string; edition: string[] }) => {
      const input = newIntegrationSchema.safeParse({ name, role: options.role, editions: options.edition });
      if (!input.success) {
        const problems = input.error.issues.map((i) => `  ${optionName(i.path[0])}: ${i.message}`);
        return cli.fail(`Cannot add ${name}:\n${problems.join('\n')}`);
      }
      await withDatabase(cli, async (db) => {
        const added = await createIntegration(db, input.data, null, new Date());
        if (!added.ok) return cli.fail(`Cannot add ${name}: ${added.error}`);
        const { integration: created } = added;
        cli.out(
          `added ${created.role} integration ${created.id} (${created.editions.join(',')}): ${created.name}`,
        );
        cli.out(`token (shown once, store it now): ${added.token}`);
      });
    });

  integration
    .command('list')
    .description('list integrations: id, name, role, editions, created, last used, status')
    .action(async () => {
      await withDatabase(cli, async (db) => {
        for (const i of await listIntegrations(db)) {
          const status = i.revokedAt ? `revoked ${i.revokedAt}` : 'active';
          cli.out(
            [i.id, i.name, i.role, i.editions.join(','), i.createdAt, i.lastUsedAt ?? '-', status].join('\t'),
          );
        }
      });
    });

  integration
    .command('revoke')
    .argument('<id>', 'as `sahifa integration list` shows it')
    .description('revoke an integration: its token stops working at once')
    .action(async (id: string) => {
      const parsed = idArgument.safeParse(id);
      if (!parsed.success) return cli.fail(`No integration ${id}`);
      await withDatabase(cli, async (db) => {
        const result = await revokeIntegration(db, parsed.data, null, new Date());
        if (result === 'not_found') return cli.fail(`No integration ${id}`);
        if (result === 'already_revoked') return cli.fail(`Integration ${id} was revoked already`);
        cli.out(`revoked ${id}`);
      });
    });

  return integration;
}

const optionName = (field: PropertyKey | undefined) =>
  field === 'editions' ? '--edition' : field === 'role' ? '--role' : String(field ?? 'name');

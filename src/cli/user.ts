import { Command, Option } from 'commander';
import { ROLES } from '../accounts/policy.js';
import { findUserByEmail, listUsers } from '../accounts/queries.js';
import {
  addUser,
  changeRole,
  disableUser,
  emailSchema,
  issueAccountToken,
  newUserSchema,
  signInLink,
} from '../accounts/users.js';
import type { CliContext } from './context.js';
import { withDatabase } from './database.js';

/** `sahifa user add|list|disable|role`: newsroom accounts. */
export function userCommand(cli: CliContext): Command {
  const user = new Command('user').description('add, list and disable newsroom users');

  user
    .command('add')
    .argument('<email>', 'the address they sign in with')
    .addOption(new Option('--role <role>', 'what they may do').choices(ROLES).makeOptionMandatory())
    // Repeatable rather than variadic, so the email after it is not taken for an edition.
    .option(
      '--edition <code>',
      'an edition an editor or writer works in (repeatable; admins work in all)',
      (code: string, previous: string[]) => [...previous, code],
      [],
    )
    .description(
      'add a user: with a password piped to stdin (12 characters or more), else print a one-time sign-in link (24 hours)',
    )
    .action(async (email: string, options: { role: string; edition: string[] }) => {
      // A password piped in (`echo … | sahifa user add …`); nothing piped (a terminal, or </dev/null): a link.
      const piped = cli.stdinIsPiped ? await cli.readStdin() : '';
      const password = piped === '' ? undefined : piped;
      const input = newUserSchema.safeParse({
        email,
        role: options.role,
        editions: options.edition,
        password,
      });
      if (!input.success) {
        return cli.fail(
          `Cannot add ${email}:\n${input.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`).join('\n')}`,
        );
      }
      const now = new Date();
      await withDatabase(cli, async (db) => {
        const added = await addUser(db, input.data, now);
        if (!added.ok) return cli.fail(`Cannot add ${input.data.email}: ${added.error}`);
        cli.out(`added ${input.data.role} ${input.data.email}`);
        if (input.data.password === undefined) {
          const token = await issueAccountToken(db, added.userId, 'sign_in', now);
          cli.out(`one-time sign-in link (valid 24 hours): ${signInLink(cli.settings().publicUrl, token)}`);
        }
      });
    });

  user
    .command('list')
    .description('list users: email, role, editions, status')
    .action(async () => {
      await withDatabase(cli, async (db) => {
        for (const u of await listUsers(db)) {
          const editions = u.role === 'admin' ? '*' : u.editions.join(',');
          cli.out([u.email, u.role, editions, u.status].join('\t'));
        }
      });
    });

  user
    .command('disable')
    .argument('<email>')
    .description('disable a user and end their sessions')
    .action(async (email: string) => {
      const parsed = emailSchema.safeParse(email);
      if (!parsed.success) return cli.fail(`${email}: not an email address`);
      await withDatabase(cli, async (db) => {
        if (!(await disableUser(db, parsed.data, new Date()))) return cli.fail(`No user ${parsed.data}`);
        cli.out(`disabled ${parsed.data}`);
      });
    });

  user
    .command('role')
    .argument('<email>')
    .addOption(new Option('--role <role>', 'their new role').choices(ROLES).makeOptionMandatory())
    .description("change a user's role")
    .action(async (email: string, options: { role: string }) => {
      const parsed = newUserSchema.pick({ email: true, role: true }).safeParse({ email, role: options.role });
      if (!parsed.success) return cli.fail(`${email}: ${parsed.error.issues[0]?.message}`);
      await withDatabase(cli, async (db) => {
        if (!(await findUserByEmail(db, parsed.data.email))) return cli.fail(`No user ${parsed.data.email}`);
        await changeRole(db, parsed.data.email, parsed.data.role, new Date());
        cli.out(`${parsed.data.email} is now ${parsed.data.role}`);
      });
    });

  return user;
}

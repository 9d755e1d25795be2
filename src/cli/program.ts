import { Command, CommanderError } from 'commander';
import { agencyCommand } from '../agencies/cli.js';
import { integrationCommand } from '../integrations/cli.js';
import { mediaCommand } from '../media/cli.js';
import { searchCommand } from '../search/cli.js';
import { startServer } from '../server.js';
import { feedCommand } from '../wire/feeds-cli.js';
import { CliContext, type CliIo } from './context.js';
import { editionCommand } from './edition.js';
import { ingestCommand } from './ingest.js';
import { newsletterCommand } from './newsletter.js';
import { userCommand } from './user.js';

/** The `sahifa` command with every subcommand, writing to and reading from `cli`. */
export function buildProgram(cli: CliContext): Command {
  const program = new Command();
  program.name('sahifa').description('Sahifa: a multilingual, RTL-first news publishing platform');

  program
    .command('serve', { isDefault: true })
    .description('serve the site (settings from the environment; see README)')
    .action(async () => {
      await startServer(cli.settings());
    });

  program.addCommand(editionCommand(cli));
  program.addCommand(agencyCommand(cli));
  program.addCommand(ingestCommand(cli));
  program.addCommand(feedCommand(cli));
  program.addCommand(userCommand(cli));
  program.addCommand(newsletterCommand(cli));
  program.addCommand(integrationCommand(cli));
  program.addCommand(searchCommand(cli));
  program.addCommand(mediaCommand(cli));

  // Commander's own output (help, usage errors) goes to the same streams, and it throws instead of exiting.
  const output = {
    writeOut: (text: string) => cli.stdout.write(text),
    writeErr: (text: string) => cli.stderr.write(text),
  };
  const configure = (command: Command) => {
    command.exitOverride().configureOutput(output);
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  return program;
}

/**
 * Runs `sahifa ARGS…` (without the `node sahifa` part) and returns its exit
 * code; never exits the process. bin/sahifa.js runs it on the process's own
 * streams, tests on their own.
 */
export async function runProgram(args: string[], io: CliIo): Promise<number> {
  const cli = new CliContext(io);
  try {
    await buildProgram(cli).parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    cli.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
  return cli.exitCode;
}

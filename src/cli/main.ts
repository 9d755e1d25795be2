import { Command } from 'commander';
import { agencyCommand } from '../agencies/cli.js';
import { loadConfig } from '../config.js';
import { integrationCommand } from '../integrations/cli.js';
import { searchCommand } from '../search/cli.js';
import { startServer } from '../server.js';
import { feedCommand } from '../wire/feeds-cli.js';
import { editionCommand } from './edition.js';
import { ingestCommand } from './ingest.js';
import { newsletterCommand } from './newsletter.js';
import { userCommand } from './user.js';

const program = new Command();
program.name('sahifa').description('Sahifa: a multilingual, RTL-first news publishing platform');

program
  .command('serve', { isDefault: true })
  .description('serve the site (settings from the environment; see README)')
  .action(async () => {
    await startServer(loadConfig());
  });

program.addCommand(editionCommand());
program.addCommand(agencyCommand());
program.addCommand(ingestCommand());
program.addCommand(feedCommand());
program.addCommand(userCommand());
program.addCommand(newsletterCommand());
program.addCommand(integrationCommand());
program.addCommand(searchCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { z } from 'zod';
import type { CliContext } from '../cli/context.js';
import { mediaStoreSettings } from '../config.js';
import { migrateMedia } from './migrate.js';
import { mediaDir } from './routes.js';
import { LocalMediaStorage, parseS3Address, S3MediaStorage } from './storage.js';

/** Plain progress lines this often (files) when stdout is not a terminal. */
const PLAIN_PROGRESS_EVERY = 500;

const migrateOptions = z.object({
  to: z
    .string()
    .refine((value) => parseS3Address(value) !== undefined, 's3://bucket/prefix (a valid bucket name)'),
});

/** `sahifa media migrate --to s3://bucket/prefix`: copies DATA_DIR/media to a bucket. */
export function mediaCommand(cli: CliContext): Command {
  const media = new Command('media').description('uploaded images and podcast files');
  media
    .command('migrate')
    .description(
      'copy the media in DATA_DIR/media to a bucket (S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE); objects already there with the same size are skipped',
    )
    .requiredOption('--to <address>', 'the bucket and prefix, e.g. s3://news-media/site')
    .action(async (options: unknown) => {
      const parsed = migrateOptions.safeParse(options);
      if (!parsed.success) {
        cli.fail(`--to: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        return;
      }
      const env = cli.io.env;
      let target: S3MediaStorage;
      try {
        const settings = mediaStoreSettings({
          MEDIA_STORE: parsed.data.to,
          S3_ENDPOINT: env.S3_ENDPOINT,
          S3_REGION: env.S3_REGION || 'us-east-1',
          S3_ACCESS_KEY_ID: env.S3_ACCESS_KEY_ID,
          S3_SECRET_ACCESS_KEY: env.S3_SECRET_ACCESS_KEY,
          S3_FORCE_PATH_STYLE: env.S3_FORCE_PATH_STYLE === '1' ? '1' : '0',
        });
        if (settings.kind !== 's3') throw new Error('--to: s3://bucket/prefix');
        target = new S3MediaStorage(settings);
      } catch (error) {
        cli.fail(error instanceof Error ? error.message : String(error));
        return;
      }
      const source = new LocalMediaStorage(mediaDir(cli.settings().dataDir));
      const progress = progressReporter(cli);
      try {
        const outcome = await migrateMedia(source, target, progress.update);
        progress.stop();
        for (const failure of outcome.failed) cli.err(`failed: ${failure.key}: ${failure.error}`);
        cli.out(
          `copied ${outcome.copied}, already there ${outcome.skipped}, failed ${outcome.failed.length} (from ${source.location} to ${target.location})`,
        );
        if (outcome.failed.length > 0) {
          cli.exitCode = 1;
          cli.err('run the command again once the failures are fixed: what was copied is skipped');
        } else {
          cli.out(`set MEDIA_STORE=${target.location} (and the same S3_* settings) to serve from it`);
        }
      } finally {
        target.close();
      }
    });
  return media;
}

/** A progress bar on a terminal; plain lines otherwise (logs, CI). */
function progressReporter(cli: CliContext): {
  update: (done: number, total: number) => void;
  stop: () => void;
} {
  if (cli.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'copying [{bar}] {percentage}% | {value}/{total} files | {eta_formatted} left',
        stream: cli.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (done, total) => {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let shown = 0;
  return {
    update: (done, total) => {
      if (done - shown < PLAIN_PROGRESS_EVERY && done < total) return;
      shown = done;
      cli.out(`copied or checked ${done}/${total}`);
    },
    stop: () => {},
  };
}

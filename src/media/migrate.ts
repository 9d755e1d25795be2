import type { LocalMediaStorage, MediaStorage } from './storage.js';
import { contentTypeOf } from './storage.js';

export interface MigrateOutcome {
  copied: number;
  /** Already in the target with the same size. */
  skipped: number;
  failed: { key: string; error: string }[];
}

/**
 * Copies every file of the local media folder to `target`, one at a time.
 * Idempotent: an object already there with the same size is skipped, so a
 * run that stopped can simply be started again. A file that cannot be read
 * or written is reported in `failed` and the batch goes on.
 */
export async function migrateMedia(
  source: LocalMediaStorage,
  target: MediaStorage,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<MigrateOutcome> {
  const keys = await source.list();
  const outcome: MigrateOutcome = { copied: 0, skipped: 0, failed: [] };
  let done = 0;
  for (const key of keys) {
    try {
      const [here, there] = await Promise.all([source.stat(key), target.stat(key)]);
      if (here && there && here.size === there.size) {
        outcome.skipped++;
      } else {
        await target.put(key, await source.readAll(key), contentTypeOf(key));
        outcome.copied++;
      }
    } catch (error) {
      outcome.failed.push({ key, error: error instanceof Error ? error.message : String(error) });
    }
    onProgress(++done, keys.length);
  }
  return outcome;
}

import { mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where a drop-folder feed may read (and move files aside): only inside the
 * configured drop root (WIRE_DROP_ROOT, default DATA_DIR/wire-drop), as the
 * file system really resolves it (no `..`, no symbolic link out), and never
 * the data folder, a folder holding it, or the media and outbox folders. A
 * feed pointed at the data folder would otherwise move the database and every
 * media file aside. Checked when a feed is saved and again before each poll.
 */

export interface DropPlaces {
  /** WIRE_DROP_ROOT (config.wireDropRoot). */
  dropRoot: string;
  /** DATA_DIR (config.dataDir). */
  dataDir: string;
}

export type DropFolder = { ok: true; folder: string } | { ok: false; problem: string };

/** `child` is `parent` or lies inside it (both absolute and resolved). */
export function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

/**
 * The drop folder `source` names, resolved, or why it may not be one. With
 * `create`, a missing folder inside the root is made (when a feed is saved).
 */
export async function resolveDropFolder(
  source: string,
  places: DropPlaces,
  options: { create?: boolean } = {},
): Promise<DropFolder> {
  if (!path.isAbsolute(source) || source.includes('\0'))
    return { ok: false, problem: 'not an absolute path' };
  await mkdir(places.dropRoot, { recursive: true });
  const root = await realpath(places.dropRoot);
  const dataDir = await realpath(places.dataDir).catch(() => path.resolve(places.dataDir));
  const real = await realTarget(path.resolve(source));
  if (!isWithin(root, real)) return { ok: false, problem: `not inside the drop folder ${places.dropRoot}` };
  const protectedFolders = [path.join(dataDir, 'media'), path.join(dataDir, 'outbox')];
  if (isWithin(real, dataDir) || protectedFolders.some((p) => isWithin(p, real) || isWithin(real, p))) {
    return { ok: false, problem: 'the data folder and its media may not be a drop folder' };
  }
  const info = await stat(real).catch(() => undefined);
  if (!info) {
    if (!options.create) return { ok: false, problem: 'no such folder' };
    await mkdir(real, { recursive: true });
    // Made inside a real folder of the root, so it cannot point elsewhere; checked again all the same.
    return isWithin(root, await realpath(real))
      ? { ok: true, folder: real }
      : { ok: false, problem: 'not inside the drop folder' };
  }
  if (!info.isDirectory()) return { ok: false, problem: 'not a folder' };
  return { ok: true, folder: real };
}

/** The real path of `target`: its deepest existing ancestor resolved (links followed), the rest appended. */
async function realTarget(target: string): Promise<string> {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return target;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

// The server as `npm start` runs it: the benches start what operators start, flags included.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Node's arguments from the `start` script of the package.json in `tree` (`node <args>`):
 * `--max-semi-space-size=32 bin/sahifa.js serve` here, and whatever an older commit's was.
 */
export function serveArgs(tree: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(tree, 'package.json'), 'utf8')) as {
    scripts?: { start?: string };
  };
  const start = manifest.scripts?.start ?? '';
  const [command, ...args] = start.trim().split(/\s+/);
  if (command !== 'node' || args.length === 0)
    throw new Error(`${tree}/package.json: "start" is not "node <arguments>": ${start}`);
  return args;
}

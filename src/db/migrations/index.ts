import type { Migration } from 'kysely';
import * as m001 from './001_content.js';
import * as m003 from './003_newsroom.js';

/** Every migration, by its frozen numbered name. Append only. */
export const migrations: Record<string, Migration> = {
  '001_content': m001,
  '003_newsroom': m003,
};

import type { ArticleSnapshot } from './revisions.js';

/** Two people saved the same article: the save is refused and both versions are returned. */
export class EditConflictError extends Error {
  constructor(
    readonly current: { version: number; snapshot: ArticleSnapshot },
    readonly attempted: ArticleSnapshot,
  ) {
    super(`The article was changed by someone else (now at version ${current.version}). Nothing was saved.`);
    this.name = 'EditConflictError';
  }
}

/** An action the article's state does not allow (e.g. publishing a deleted article). */
export class WorkflowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowError';
  }
}

import type { Edition } from './queries.js';

/** An edition as pickers name it: its name and, in its own words, its language ("Sahifa (العربية)"). */
export function editionLabel(edition: Pick<Edition, 'name' | 'language'>): string {
  let language: string | undefined;
  try {
    language = new Intl.DisplayNames([edition.language], { type: 'language' }).of(edition.language);
  } catch {
    language = undefined;
  }
  const label = language && language !== edition.name ? `${edition.name} (${language})` : edition.name;
  // Isolated (FSI … PDI), so "Sahifa (English)" keeps its brackets inside Arabic text and the other way round.
  return `\u2068${label}\u2069`;
}

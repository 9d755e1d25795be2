import { XMLBuilder } from 'fast-xml-parser';

// XML 1.0 allows these characters and no others. Wire copy sometimes carries
// stray control characters; escaping cannot help those, so they are dropped.
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text that may appear in an XML document: characters XML forbids removed. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML_CHARACTER, '');
}

/** An XML attribute in fast-xml-parser's object form: `{ [attr('href')]: url }`. */
export const attr = (name: string) => `@_${name}`;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Escapes &, <, >, ' and " in text and attributes.
  processEntities: true,
  suppressEmptyNode: true,
  format: false,
});

/** Serializes a document in fast-xml-parser's object form, with the XML declaration. */
export function buildXml(document: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document)}`;
}

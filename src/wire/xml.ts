import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * XML from agencies, read defensively. Feeds are hostile: a DOCTYPE that
 * declares entities (XXE, "billion laughs") is refused before parsing, and
 * the parser itself expands no entities at all. Only the five predefined
 * entities and numeric character references are decoded, by us, in text.
 */

export interface XmlElement {
  /** As written, with any namespace prefix ("dc:creator"). */
  name: string;
  /** Without the prefix ("creator"). */
  local: string;
  /** Attribute values, decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
}

/** Text is kept as written (still escaped); CDATA as its literal content. */
export type XmlNode = XmlElement | { text: string } | { cdata: string };

export class UnsafeXmlError extends Error {}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** The document's root element; throws UnsafeXmlError for entity declarations and Error for malformed XML. */
export function parseXml(text: string): XmlElement {
  refuseEntityDeclarations(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const nodes = toNodes(parser.parse(text));
  const root = nodes.find(isElement);
  if (!root) throw new Error('malformed XML: no root element');
  return root;
}

/**
 * Entity declarations are what XXE and entity-expansion attacks need; no feed
 * format we read uses them, so any DOCTYPE with an internal subset is refused.
 */
function refuseEntityDeclarations(text: string): void {
  if (/<!ENTITY/i.test(text)) throw new UnsafeXmlError('entity declarations are not allowed');
  if (/<!DOCTYPE[^>[]*\[/i.test(text)) {
    throw new UnsafeXmlError('a DOCTYPE with an internal subset is not allowed');
  }
}

type FxpNode = Record<string, unknown>;

function toNodes(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) return [];
  const nodes: XmlNode[] = [];
  for (const raw of value) {
    if (typeof raw !== 'object' || raw === null) continue;
    const node = raw as FxpNode;
    for (const [key, content] of Object.entries(node)) {
      if (key === ':@') continue;
      if (key === '#text') nodes.push({ text: String(content) });
      else if (key === '#cdata') nodes.push({ cdata: toNodes(content).map(textLiteral).join('') });
      else if (!key.startsWith('?') && !key.startsWith('!')) nodes.push(element(key, node[':@'], content));
    }
  }
  return nodes;
}

const textLiteral = (node: XmlNode) => ('text' in node ? node.text : '');

function element(name: string, rawAttrs: unknown, content: unknown): XmlElement {
  const attrs: Record<string, string> = {};
  if (typeof rawAttrs === 'object' && rawAttrs !== null) {
    for (const [key, value] of Object.entries(rawAttrs)) attrs[key] = decodeXmlText(String(value));
  }
  return { name, local: localName(name), attrs, children: toNodes(content) };
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export const isElement = (node: XmlNode): node is XmlElement => 'children' in node;

/** Child elements with this local name. */
export function childrenNamed(el: XmlElement | undefined, local: string): XmlElement[] {
  if (!el) return [];
  return el.children.filter((node): node is XmlElement => isElement(node) && node.local === local);
}

export const childNamed = (el: XmlElement | undefined, local: string) => childrenNamed(el, local)[0];

/** Follows a path of local names, first match at each step. */
export function pathOf(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = el;
  for (const step of path) current = childNamed(current, step);
  return current;
}

/** The element's text content, decoded, nested elements included. */
export function textContent(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.children
    .map((node) => {
      if ('text' in node) return decodeXmlText(node.text);
      if ('cdata' in node) return node.cdata;
      return textContent(node);
    })
    .join('');
}

/** Text of the first child with this local name, trimmed. */
export const childText = (el: XmlElement | undefined, local: string) =>
  textContent(childNamed(el, local)).trim();

/**
 * The element's content as HTML (XHTML bodies, NITF body.content): tag names
 * lose their namespace prefix, text stays escaped. The result still goes
 * through the allowlist sanitizer before it is stored.
 */
export function innerHtml(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.children.map(nodeHtml).join('');
}

function nodeHtml(node: XmlNode): string {
  if ('text' in node) return node.text;
  if ('cdata' in node) return escapeXml(node.cdata);
  const attrs = Object.entries(node.attrs)
    .filter(([name]) => !name.startsWith('xmlns'))
    .map(([name, value]) => ` ${localName(name)}="${escapeXml(value)}"`)
    .join('');
  return `<${node.local}${attrs}>${innerHtml(node)}</${node.local}>`;
}

/** The element written back as XML: what is kept as an item's raw payload. */
export function outerXml(el: XmlElement): string {
  const attrs = Object.entries(el.attrs)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const inner = el.children
    .map((node) => {
      if ('text' in node) return node.text;
      if ('cdata' in node) return `<![CDATA[${node.cdata}]]>`;
      return outerXml(node);
    })
    .join('');
  return `<${el.name}${attrs}>${inner}</${el.name}>`;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references; anything else stays as written. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

export const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

import sanitizeHtml from 'sanitize-html';

/**
 * The allowlist for article bodies. Everything from outside (wire copy, the
 * editor) passes through here before it is stored; only stored bodies are
 * ever rendered as raw HTML (see ui/StoredHtml).
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'small',
    'mark',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'q',
    'cite',
    'abbr',
    'figure',
    'figcaption',
    'picture',
    'source',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'caption',
    'span',
    'bdi',
    'bdo',
  ],
  allowedAttributes: {
    '*': ['dir', 'lang'],
    a: ['href', 'title', 'rel'],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height'],
    // Body images from the desk: <figure><picture> with AVIF and WebP sources, like the lead image.
    source: ['type', 'srcset', 'sizes'],
    abbr: ['title'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
  },
  // <source> is a void element: written as one, not with a closing tag.
  selfClosing: [...sanitizeHtml.defaults.selfClosing, 'source'],
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // Script and style contents are dropped with their tags, not left as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener nofollow' } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'p' && !frame.text.trim() && !frame.mediaChildren.length,
};

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/**
 * Podcast show notes (src/podcasts): what podcast apps render of an episode's
 * description, so paragraphs, emphasis, lists and links only, with the body's rules for links.
 */
const NOTES_OPTIONS: sanitizeHtml.IOptions = {
  ...OPTIONS,
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'a', 'ul', 'ol', 'li'],
  allowedAttributes: { '*': ['dir', 'lang'], a: ['href', 'rel'] },
  transformTags: { a: OPTIONS.transformTags?.a ?? 'a', h2: 'p', h3: 'p', h4: 'p', blockquote: 'p' },
};

export function sanitizeShowNotes(html: string): string {
  return sanitizeHtml(html, NOTES_OPTIONS).trim();
}

/** Plain text from HTML, for descriptions and feeds' summaries. */
export function textOf(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}

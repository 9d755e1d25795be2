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

/** Elements no stored text may carry: they run code, load other pages or take input. */
const HOSTILE_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'link',
  'meta',
  'base',
  'svg',
  'math',
  'template',
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'srcset',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
]);
/** Addresses that run code where they are followed; `data:` too, where a link could open a page of its own. */
const SCRIPT_URL = /^(?:javascript|vbscript):/i;
const LINK_ATTRIBUTES = new Set(['href', 'action', 'formaction', 'xlink:href']);

/**
 * The first piece of hostile markup in `html`, named for a message (`<script>`,
 * `onerror=`, `javascript: address`…), or undefined. Sanitizing drops such
 * markup silently, which suits copy from the wire; a person or program sending
 * it on purpose (live entries) is refused instead, and told what was found.
 */
export function findHostileMarkup(html: string): string | undefined {
  let found: string | undefined;
  sanitizeHtml(html, {
    // Only looked at, never kept: every tag is let through so each one is seen.
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    onOpenTag: (name, attribs) => {
      if (found) return;
      const tag = name.toLowerCase();
      if (HOSTILE_TAGS.has(tag)) {
        found = `<${tag}>`;
        return;
      }
      for (const [attribute, value] of Object.entries(attribs)) {
        const lower = attribute.toLowerCase();
        // Browsers ignore spaces and control characters inside a scheme: "java\tscript:" runs too.
        const address = value.replace(/[\s\p{Cc}]/gu, '');
        if (lower.startsWith('on')) found = `${lower}=`;
        else if (URL_ATTRIBUTES.has(lower) && SCRIPT_URL.test(address))
          found = `${address.split(':')[0]?.toLowerCase()}: address`;
        else if (LINK_ATTRIBUTES.has(lower) && /^data:/i.test(address)) found = 'data: address';
        if (found) return;
      }
    },
  });
  return found;
}

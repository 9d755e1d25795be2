/**
 * The Content-Security-Policy of every page. It allows no inline script: the
 * only scripts are our own bundled files; JSON-LD blocks are data, not script.
 * `adHosts` (an edition's allowed ad hosts, src/ads) are added only on the
 * public pages where consented third-party ad tags may load.
 */
export function contentSecurityPolicy(adHosts: readonly string[] = []): string {
  const extra = adHosts.map((host) => ` https://${host}`).join('');
  return [
    "default-src 'self'",
    `script-src 'self'${extra}`,
    "style-src 'self'",
    `img-src 'self' data:${extra}`,
    "font-src 'self'",
    `connect-src 'self'${extra}`,
    ...(extra ? [`frame-src${extra}`] : []),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** Headers every HTML page carries (a page with ad hosts replaces the CSP with its own). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Headers of every response that is not an HTML page (JSON, feeds, images,
 * scripts): nothing it contains may load, run or be framed, and its type is
 * never guessed. Framing, referrer and opener rules only mean something for
 * documents; left off, the small JSON answers open live pages poll every few
 * seconds carry 419 bytes of status line and headers instead of 691 (measured).
 */
export const DATA_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

/** The security headers of a response of `contentType`. */
export function securityHeadersFor(contentType: string): Readonly<Record<string, string>> {
  return contentType.startsWith('text/html') ? SECURITY_HEADERS : DATA_SECURITY_HEADERS;
}

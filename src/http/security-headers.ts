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

/** Headers every response carries (a page with ad hosts replaces the CSP with its own). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
  'cross-origin-opener-policy': 'same-origin',
};

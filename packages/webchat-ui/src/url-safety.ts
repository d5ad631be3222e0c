/**
 * Which URLs from plugin output may become links. Plugin output is untrusted:
 * only absolute http(s) and mailto URLs are allowed, so `javascript:` and
 * `data:` (however they are spelled) never reach an `href`.
 */

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The normalised URL when it is safe to link to, else `undefined`. */
export function safeHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    // No base URL: a relative URL throws and is not linked.
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  return ALLOWED_PROTOCOLS.has(parsed.protocol) ? parsed.href : undefined;
}

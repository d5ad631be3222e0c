/**
 * Secret values kept out of helm's output. `helm get manifest`, `get all`,
 * `get hooks` and `install|upgrade --dry-run` print a release's manifests,
 * and a Secret manifest holds its values in clear (stringData) or base64
 * (data). helm's output mixes YAML documents with text (NOTES, headings),
 * so this works on lines: in each `---` document whose top level says
 * `kind: Secret`, every value under its top-level `data` and `stringData`
 * is replaced, block scalars and nested lines included.
 */

export const REDACTED = '<redacted>';

const SEPARATOR = /^---\s*$/;
const SECRET_KIND = /^kind:\s*["']?Secret["']?\s*(?:#.*)?$/;
const VALUES_KEY = /^(data|stringData):(.*)$/;
/** A child line `key: value`, the key possibly quoted. */
const ENTRY = /^(\s+(?:"[^"]*"|'[^']*'|[^\s:#][^:]*?)\s*:)(?:\s.*)?$/;

/** Redacts the values under data/stringData of one document's lines. */
function redactDocument(lines: string[]): string[] {
  if (!lines.some((line) => SECRET_KIND.test(line))) return lines;
  const out: string[] = [];
  let inValues = false;
  let entryIndent = -1;
  for (const line of lines) {
    const top = VALUES_KEY.exec(line);
    if (top) {
      const inline = (top[2] ?? '').trim();
      // `data: {a: b}` or `data: a` on one line: all of it goes.
      out.push(inline === '' || inline.startsWith('#') ? line : `${top[1]}: ${REDACTED}`);
      inValues = inline === '' || inline.startsWith('#');
      entryIndent = -1;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (inValues && line.trim() !== '' && indent === 0) inValues = false;
    if (!inValues || line.trim() === '') {
      out.push(line);
      continue;
    }
    if (entryIndent < 0) entryIndent = indent;
    const entry = indent === entryIndent ? ENTRY.exec(line) : null;
    // A child key keeps its name; anything deeper (a block scalar's lines, a nested value) is dropped.
    if (entry) out.push(`${entry[1]} ${REDACTED}`);
  }
  return out;
}

/** `text` with the values of every Secret manifest in it replaced by `<redacted>`. */
export function redactSecretManifests(text: string): string {
  if (!text.includes('Secret')) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  let document: string[] = [];
  for (const line of lines) {
    if (SEPARATOR.test(line)) {
      out.push(...redactDocument(document), line);
      document = [];
    } else document.push(line);
  }
  out.push(...redactDocument(document));
  return out.join('\n');
}

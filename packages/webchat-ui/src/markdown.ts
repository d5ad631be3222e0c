/**
 * The small markdown subset that plugin text may use, parsed into a tree of
 * plain data. Rendering that tree (markdown-view.tsx) only ever creates text
 * nodes and a fixed set of elements, so no input can become markup.
 *
 * Supported, as chat platforms write it: ``` fenced blocks ```, `code`,
 * *bold* and **bold**, _italic_, <url|label> and <url> links, bare http(s)
 * URLs and line breaks.
 */
import { safeHref } from './url-safety.js';

/** An inline piece of formatted text. */
export type InlineNode =
  | { kind: 'text'; text: string }
  | { kind: 'break' }
  | { kind: 'code'; text: string }
  | { kind: 'bold'; children: InlineNode[] }
  | { kind: 'italic'; children: InlineNode[] }
  | { kind: 'link'; href: string; text: string };

/** A block: a fenced code block or a run of inline text. */
export type BlockNode = { kind: 'codeBlock'; text: string } | { kind: 'paragraph'; children: InlineNode[] };

const FENCE = '```';

/** Parses text into blocks; an unclosed fence is kept as text. */
export function parseMarkdown(text: string): BlockNode[] {
  const blocks: BlockNode[] = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf(FENCE);
    const close = open < 0 ? -1 : rest.indexOf(FENCE, open + FENCE.length);
    if (close < 0) break;
    pushParagraph(blocks, rest.slice(0, open));
    // The newlines right inside the fences belong to the fences, not the code.
    const code = rest
      .slice(open + FENCE.length, close)
      .replace(/^[ \t]*\n/, '')
      .replace(/\n$/, '');
    blocks.push({ kind: 'codeBlock', text: code });
    rest = rest.slice(close + FENCE.length).replace(/^\n/, '');
  }
  pushParagraph(blocks, rest);
  return blocks;
}

function pushParagraph(blocks: BlockNode[], text: string): void {
  const trimmed = text.replace(/^\n+|\n+$/g, '');
  if (trimmed !== '') blocks.push({ kind: 'paragraph', children: parseInline(trimmed) });
}

interface InlineRule {
  pattern: RegExp;
  build(match: RegExpExecArray): InlineNode[];
}

/*
 * Emphasis markers only count at word edges, as in Slack: `snake_case_name`
 * and `2*3*4` stay as they are. Rules earlier in the list win a tie.
 */
const INLINE_RULES: InlineRule[] = [
  { pattern: /`([^`\n]+)`/, build: (m) => [{ kind: 'code', text: m[1] ?? '' }] },
  // Only `<scheme:…>` is link syntax: `<pod-name>` in help text stays as written.
  { pattern: /<([a-zA-Z][\w+.-]*:[^<>|\s]+)(?:\|([^<>]+))?>/, build: angleLink },
  { pattern: /https?:\/\/[^\s<>]+/, build: (m) => bareUrl(m[0]) },
  {
    pattern: /(?<![\w*])\*\*(?=\S)([^\n]*?\S)\*\*(?![\w*])/,
    build: (m) => [{ kind: 'bold', children: parseInline(m[1] ?? '') }],
  },
  {
    pattern: /(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])/,
    build: (m) => [{ kind: 'bold', children: parseInline(m[1] ?? '') }],
  },
  {
    pattern: /(?<!\w)_(?=[^\s_])([^_\n]*?[^\s_])_(?!\w)/,
    build: (m) => [{ kind: 'italic', children: parseInline(m[1] ?? '') }],
  },
];

/** Parses one run of text with no fenced blocks in it. */
export function parseInline(text: string): InlineNode[] {
  const nodes: InlineNode[] = [];
  let rest = text;
  while (rest !== '') {
    let best: { match: RegExpExecArray; rule: InlineRule } | undefined;
    for (const rule of INLINE_RULES) {
      const match = rule.pattern.exec(rest);
      if (match && (best === undefined || match.index < best.match.index)) best = { match, rule };
    }
    if (best === undefined) {
      pushText(nodes, rest);
      break;
    }
    pushText(nodes, rest.slice(0, best.match.index));
    for (const node of best.rule.build(best.match)) pushNode(nodes, node);
    rest = rest.slice(best.match.index + best.match[0].length);
  }
  return nodes;
}

/** `<url|label>` or `<url>`: a link when the URL is safe, else the label (or all of it) as text. */
function angleLink(match: RegExpExecArray): InlineNode[] {
  const url = match[1] ?? '';
  const label = match[2];
  const href = safeHref(url);
  if (href === undefined) return [{ kind: 'text', text: label ?? match[0] }];
  return [{ kind: 'link', href, text: label ?? url }];
}

/** A bare URL, without the punctuation that usually ends the sentence around it. */
function bareUrl(raw: string): InlineNode[] {
  let url = raw.replace(/[.,;:!?'"]+$/, '');
  if (url.endsWith(')') && !url.includes('(')) url = url.slice(0, -1);
  const trailing = raw.slice(url.length);
  const href = safeHref(url);
  const nodes: InlineNode[] = [href === undefined ? { kind: 'text', text: url } : { kind: 'link', href, text: url }];
  if (trailing !== '') nodes.push({ kind: 'text', text: trailing });
  return nodes;
}

function pushText(nodes: InlineNode[], text: string): void {
  text.split('\n').forEach((line, index) => {
    if (index > 0) nodes.push({ kind: 'break' });
    if (line !== '') pushNode(nodes, { kind: 'text', text: line });
  });
}

/** Appends a node, joining adjacent text so the tree stays minimal. */
function pushNode(nodes: InlineNode[], node: InlineNode): void {
  const last = nodes.at(-1);
  if (node.kind === 'text' && last?.kind === 'text') last.text += node.text;
  else nodes.push(node);
}

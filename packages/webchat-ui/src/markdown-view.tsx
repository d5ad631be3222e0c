/**
 * Renders the markdown tree as Preact elements. Text always becomes text
 * nodes; the only elements are the fixed ones below, and links carry only
 * URLs that passed safeHref.
 */
import type { ComponentChildren } from 'preact';
import { stripBotName } from './commands.js';
import { type BlockNode, type InlineNode, parseMarkdown } from './markdown.js';

/** Plugin text with the markdown subset applied. */
export function Markdown({ text }: { text: string }) {
  return <div class="md">{renderBlocks(parseMarkdown(stripBotName(text)))}</div>;
}

/** A code block: the text as it is, in a preformatted box. */
export function CodeBlock({ text }: { text: string }) {
  return (
    <pre class="code-block">
      <code>{stripBotName(text)}</code>
    </pre>
  );
}

export function renderBlocks(blocks: readonly BlockNode[]): ComponentChildren[] {
  return blocks.map((block, index) =>
    block.kind === 'codeBlock' ? (
      <pre class="code-block" key={index}>
        <code>{block.text}</code>
      </pre>
    ) : (
      <p key={index}>{renderInline(block.children)}</p>
    ),
  );
}

export function renderInline(nodes: readonly InlineNode[]): ComponentChildren[] {
  return nodes.map((node, index) => renderInlineNode(node, index));
}

function renderInlineNode(node: InlineNode, key: number): ComponentChildren {
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'break':
      return <br key={key} />;
    case 'code':
      return <code key={key}>{node.text}</code>;
    case 'bold':
      return <strong key={key}>{renderInline(node.children)}</strong>;
    case 'italic':
      return <em key={key}>{renderInline(node.children)}</em>;
    case 'link':
      return (
        <a key={key} href={node.href} target="_blank" rel="noopener noreferrer">
          {node.text}
        </a>
      );
  }
}

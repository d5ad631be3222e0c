/** A message as plain text, for the terminal. */
import { BOT_NAME_PLACEHOLDER, type Button, type LabelInput, type Message, type Section } from '@chatkube/api';

const command = (text = ''): string => text.replaceAll(`${BOT_NAME_PLACEHOLDER} `, '').replaceAll(BOT_NAME_PLACEHOLDER, '');

function button(b: Button): string {
  const target = b.url ? b.url : command(b.command);
  const description = b.description ? ` ${command(b.description)}` : '';
  return `[${b.name ?? ''}]${description} → ${target}`;
}

const input = (i: LabelInput): string => `[${i.text ?? ''}: ${i.placeholder ?? '…'}] → ${command(i.command)} "<text>"`;

function section(s: Section): string[] {
  const lines: string[] = [];
  if (s.header) lines.push(`# ${s.header}`);
  if (s.description) lines.push(s.description);
  if (s.body?.plaintext) lines.push(s.body.plaintext);
  if (s.body?.codeBlock) lines.push(s.body.codeBlock);
  for (const field of s.textFields ?? []) lines.push(`${field.key ?? ''}: ${field.value ?? ''}`);
  for (const list of s.bulletLists ?? []) {
    if (list.title) lines.push(`${list.title}:`);
    for (const item of list.items ?? []) lines.push(`  • ${item}`);
  }
  for (const b of s.buttons ?? []) lines.push(button(b));
  for (const select of s.selects?.items ?? []) {
    const choices = (select.optionGroups ?? []).flatMap((g) => g.options ?? []).map((o) => o.value ?? o.name);
    lines.push(`${select.name ?? 'select'} (${command(select.command)} <choice>): ${choices.join(' | ')}`);
  }
  const multi = s.multiSelect;
  if (multi?.options?.length) {
    lines.push(
      `${multi.name ?? 'choose'} (${command(multi.command)} <a,b,…>): ${multi.options.map((o) => o.value ?? o.name).join(' | ')}`,
    );
  }
  for (const i of s.plaintextInputs ?? []) lines.push(input(i));
  for (const item of s.context ?? []) lines.push(item.text ?? '');
  return lines;
}

/** Renders `message`; a `skipMessage` renders as nothing. */
export function renderText(message: Message): string {
  if (message.type === 'skipMessage') return '';
  const blocks: string[] = [];
  if (message.baseBody?.plaintext) blocks.push(message.baseBody.plaintext);
  if (message.baseBody?.codeBlock) blocks.push(message.baseBody.codeBlock);
  for (const s of message.sections ?? []) blocks.push(section(s).join('\n'));
  const inputs = (message.plaintextInputs ?? []).map(input);
  if (inputs.length > 0) blocks.push(inputs.join('\n'));
  return blocks.length > 0 ? blocks.join('\n\n') : '(empty answer)';
}

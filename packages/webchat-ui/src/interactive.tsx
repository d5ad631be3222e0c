/**
 * Buttons, selects and text inputs of a message. Each sends its command to
 * the channel the message is in, with the origin Botkube reports for it.
 */
import type { Button, LabelInput, MultiSelect, Select } from '@chatkube/api';
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { buttonCommand, inputCommand, multiSelectCommand, selectCommand, stripBotName } from './commands.js';
import { CodeBlock, Markdown } from './markdown-view.js';
import type { CommandOrigin } from './types.js';
import { safeHref } from './url-safety.js';

/** Sends a command to the channel being shown. */
export type SendCommand = (text: string, origin: CommandOrigin) => void;

export const SendContext = createContext<SendCommand>(() => {});

/** Buttons with a description get a row each (description, then button); the others share one row. */
export function ButtonsView({ buttons }: { buttons: readonly Button[] }) {
  const described = buttons.filter((b) => b.description);
  const plain = buttons.filter((b) => !b.description);
  return (
    <div class="buttons">
      {described.map((button, index) => (
        <div class="button-row" key={index}>
          <ButtonDescription button={button} />
          <ButtonView button={button} />
        </div>
      ))}
      {plain.length > 0 && (
        <div class="button-bar">
          {plain.map((button, index) => (
            <ButtonView button={button} key={index} />
          ))}
        </div>
      )}
    </div>
  );
}

function ButtonDescription({ button }: { button: Button }) {
  const text = stripBotName(button.description ?? '');
  switch (button.descriptionStyle) {
    case 'bold':
      return (
        <div class="button-description">
          <strong>{text}</strong>
        </div>
      );
    case 'italic':
      return (
        <div class="button-description">
          <em>{text}</em>
        </div>
      );
    case 'text':
      return (
        <div class="button-description">
          <Markdown text={text} />
        </div>
      );
    default:
      return (
        <div class="button-description">
          <CodeBlock text={text} />
        </div>
      );
  }
}

export function ButtonView({ button }: { button: Button }) {
  const send = useContext(SendContext);
  const name = button.name || button.command || button.url || 'button';
  const style = button.style ? ` ${button.style}` : '';
  if (button.url) {
    const href = safeHref(button.url);
    if (href === undefined)
      return (
        <button type="button" class={`btn${style}`} disabled title="This link is not opened: its URL is not http(s).">
          {name}
        </button>
      );
    return (
      <a class={`btn link${style}`} href={href} target="_blank" rel="noopener noreferrer">
        {name} <span aria-hidden="true">↗</span>
      </a>
    );
  }
  const command = buttonCommand(button.command);
  return (
    <button
      type="button"
      class={`btn${style}`}
      disabled={command === undefined}
      title={command}
      onClick={() => command !== undefined && send(command, 'buttonClick')}
    >
      {name}
    </button>
  );
}

export function StaticSelectView({ select }: { select: Select }) {
  const send = useContext(SendContext);
  const [value, setValue] = useState(select.initialOption?.value ?? '');
  const groups = select.optionGroups ?? [];
  const choose = (chosen: string) => {
    setValue(chosen);
    if (chosen !== '') send(selectCommand(select.command, chosen), 'selectValueChange');
  };
  return (
    <label class="select">
      {select.name && <span class="control-label">{select.name}</span>}
      <select value={value} onChange={(event) => choose(event.currentTarget.value)}>
        {value === '' && (
          <option value="" disabled>
            Choose…
          </option>
        )}
        {groups.map((group, index) =>
          group.name ? (
            <optgroup label={group.name} key={index}>
              {(group.options ?? []).map((option, i) => (
                <option value={option.value ?? ''} key={i}>
                  {option.name ?? option.value}
                </option>
              ))}
            </optgroup>
          ) : (
            (group.options ?? []).map((option, i) => (
              <option value={option.value ?? ''} key={`${index}-${i}`}>
                {option.name ?? option.value}
              </option>
            ))
          ),
        )}
      </select>
    </label>
  );
}

export function MultiSelectView({ multiSelect }: { multiSelect: MultiSelect }) {
  const send = useContext(SendContext);
  const options = multiSelect.options ?? [];
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set((multiSelect.initialOptions ?? []).map((o) => o.value ?? '')),
  );
  const toggle = (value: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(value);
    else next.delete(value);
    setChosen(next);
    // In the options' order, as a platform lists the selected options.
    const values = options.map((o) => o.value ?? '').filter((v) => next.has(v));
    send(multiSelectCommand(multiSelect.command, values), 'multiSelectValueChange');
  };
  const description = multiSelect.description;
  return (
    <fieldset class="multi-select">
      {multiSelect.name && <legend class="control-label">{multiSelect.name}</legend>}
      {description?.plaintext && <Markdown text={description.plaintext} />}
      {description?.codeBlock && <CodeBlock text={description.codeBlock} />}
      <div class="chips">
        {options.map((option, index) => {
          const value = option.value ?? '';
          return (
            <label class={`chip${chosen.has(value) ? ' on' : ''}`} key={index}>
              <input type="checkbox" checked={chosen.has(value)} onChange={(e) => toggle(value, e.currentTarget.checked)} />
              {option.name ?? value}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

const TYPING_PAUSE_MS = 700;

export function TextInputView({ input }: { input: LabelInput }) {
  const send = useContext(SendContext);
  const [value, setValue] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const lastSent = useRef<string>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const submit = (text: string) => {
    clearTimeout(timer.current);
    lastSent.current = text;
    send(inputCommand(input.command, text), 'plainTextInput');
  };
  const onInput = (text: string) => {
    setValue(text);
    if (input.dispatchedAction !== 'on_character_entered') return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (text !== '' && text !== lastSent.current) submit(text);
    }, TYPING_PAUSE_MS);
  };
  return (
    <label class="text-input">
      {input.text && <span class="control-label">{stripBotName(input.text)}</span>}
      <input
        type="text"
        value={value}
        placeholder={input.placeholder ? stripBotName(input.placeholder) : 'Type and press Enter'}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.isComposing) {
            event.preventDefault();
            submit(event.currentTarget.value);
          }
        }}
      />
    </label>
  );
}

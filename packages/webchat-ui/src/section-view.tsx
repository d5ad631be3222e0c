/** One section of a message, in the order Botkube's chat renderers lay it out. */
import type { Body, Section } from '@chatkube/api';
import { ButtonsView, MultiSelectView, StaticSelectView, TextInputView } from './interactive.js';
import { CodeBlock, Markdown } from './markdown-view.js';

export interface SectionViewProps {
  section: Section;
  /** Draw the divider line above (the first block of a message has none). */
  divider: boolean;
  /** Leave out buttons, selects and inputs (event cards). */
  interactive: boolean;
}

export function SectionView({ section, divider, interactive }: SectionViewProps) {
  const fields = (section.textFields ?? []).filter((f) => f.key || f.value);
  const lists = section.bulletLists ?? [];
  const context = (section.context ?? []).filter((c) => c.text);
  const selects = section.selects?.items ?? [];
  const multiSelect = section.multiSelect;
  const showDivider = divider && section.style?.divider !== 'none';
  return (
    <section class="section">
      {showDivider && <hr class="divider" />}
      {section.header && <h3 class="section-header">{section.header}</h3>}
      {section.description && <Markdown text={section.description} />}
      {section.body && <BodyView body={section.body} />}
      {fields.length > 0 && (
        <dl class="fields">
          {fields.map((field, index) => (
            <div class="field" key={index}>
              <dt>{field.key}</dt>
              <dd>
                <Markdown text={field.value ?? ''} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      {lists.map((list, index) => (
        <div class="bullet-list" key={index}>
          {list.title && <div class="bullet-title">{list.title}</div>}
          <ul>
            {(list.items ?? []).map((item, i) => (
              <li key={i}>
                <Markdown text={item} />
              </li>
            ))}
          </ul>
        </div>
      ))}
      {interactive && section.buttons && section.buttons.length > 0 && <ButtonsView buttons={section.buttons} />}
      {interactive && multiSelect?.command && multiSelect.options && multiSelect.options.length > 0 && (
        <MultiSelectView multiSelect={multiSelect} />
      )}
      {interactive && selects.length > 0 && (
        <div class="selects">
          {selects.map((select, index) => (
            <StaticSelectView select={select} key={index} />
          ))}
        </div>
      )}
      {interactive && (section.plaintextInputs ?? []).map((input, index) => <TextInputView input={input} key={index} />)}
      {context.length > 0 && (
        <footer class="context">
          {context.map((item, index) => (
            <Markdown text={item.text ?? ''} key={index} />
          ))}
        </footer>
      )}
    </section>
  );
}

/** Plain text first, then the code block, as Botkube's renderers put them. */
export function BodyView({ body }: { body: Body }) {
  return (
    <>
      {body.plaintext && <Markdown text={body.plaintext} />}
      {body.codeBlock && <CodeBlock text={body.codeBlock} />}
    </>
  );
}

/** Whether a body has anything to show. */
export function hasBody(body: Body | undefined): body is Body {
  return Boolean(body?.plaintext || body?.codeBlock);
}

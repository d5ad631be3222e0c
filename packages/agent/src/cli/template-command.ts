/** `chatkube template render --data FILE 'TEMPLATE'`: see what an action or button template gives. */
import { readFile } from 'node:fs/promises';
import { renderTemplate } from '@chatkube/gotemplate';
import { parse } from 'yaml';
import { UsageError } from '../errors.js';
import type { Output } from './plugin-commands.js';

export async function renderCommand(options: { data?: string; template: string | undefined; out: Output }): Promise<void> {
  if (options.template === undefined)
    throw new UsageError("chatkube template render needs the template, e.g. '{{ .Event.Name }}'");
  let data: unknown = {};
  if (options.data) {
    let text: string;
    try {
      text = await readFile(options.data, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read --data ${options.data}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    try {
      // YAML is a superset of JSON: either works.
      data = parse(text);
    } catch (error) {
      throw new UsageError(`--data ${options.data} is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  options.out.write(`${renderTemplate(options.template, data, 'template')}\n`);
}

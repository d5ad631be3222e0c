/** Go's text/template with sprig v3's functions, as Botkube renders action commands and extraButtons. */

export { TemplateExecError, TemplateSyntaxError } from '../errors.js';
export type { ExecLimits } from './exec-state.js';
export { parseTemplate, renderTemplate, type Template, type TemplateOptions } from './template.js';

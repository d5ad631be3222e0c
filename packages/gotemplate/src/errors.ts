/** The template engine's error codes. */
import { ChatkubeError } from '@chatkube/api';

/** A Go template that does not parse; the message names the template, line and column. */
export class TemplateSyntaxError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_TEMPLATE_SYNTAX', message, options);
  }
}

/** A Go template that failed while rendering; the message names the template, position and what failed. */
export class TemplateExecError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_TEMPLATE_EXEC', message, options);
  }
}

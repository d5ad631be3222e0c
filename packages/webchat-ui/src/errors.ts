/** The errors of the web chat UI, each with a stable code like the agent's. */

/** An error with a stable `code`. */
export class WebchatError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The agent answered an API call with an error; `code` is the agent's when it sent one. */
export class WebchatApiError extends WebchatError {
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(code, message);
    this.status = status;
  }
}

/** The agent could not be reached or answered something that is not the API's JSON. */
export class WebchatNetworkError extends WebchatError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_WEBCHAT_NETWORK', message, options);
  }
}

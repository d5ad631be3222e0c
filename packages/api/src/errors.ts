/**
 * Errors with a stable code. Every chatkube package defines its codes in one
 * errors module; this base class is shared so that callers can branch on
 * `code` whatever package an error came from.
 */

const brand = Symbol.for('chatkube.error');

/** An error that carries a stable `code`, such as `CHATKUBE_ERR_MESSAGE_JSON`. */
export class ChatkubeError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, brand, { value: true });
  }

  /** Recognises chatkube errors across duplicate copies of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class being tested, a subclass included.
    if (this === ChatkubeError) return brand in value;
    // biome-ignore lint/complexity/noThisInStatic: as above.
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** JSON that is not a valid message or event; the message names the path. */
export class MessageJsonError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_MESSAGE_JSON', message, options);
  }
}

/** A plugin config that is not a mapping, or not valid YAML. */
export class PluginConfigError extends ChatkubeError {
  constructor(message: string, options?: ErrorOptions) {
    super('CHATKUBE_ERR_PLUGIN_CONFIG', message, options);
  }
}

/**
 * The handler side of a gRPC service: one handler signature per kind of
 * method, and {@link defineService}, which checks a service's handlers
 * against its generated definition and binds them for the server.
 */
import * as h2 from '@chatkube/proto/h2';
import type { ServerCall } from './grpc-call.js';
import { toStatusError } from './grpc-errors.js';

const { GrpcStatusError, Status } = h2;

/** What every handler gets besides its request. */
export interface CallContext {
  /** Aborts when the host cancels the call, its connection drops or the plugin stops. */
  readonly signal: AbortSignal;
}

/** What a handler whose response streams gets besides its request. */
export interface StreamContext<Res> extends CallContext {
  /**
   * Sends one message, resolving when the transport has room for the next.
   * Never rejects: once the call has ended or was cancelled it sends
   * nothing, so a handler checks `signal` to stop.
   */
  send(message: Res): Promise<void>;
}

/** One request, one response. Throwing ends the call with an error status. */
export type UnaryHandler<Req, Res> = (request: Req, call: CallContext) => Res | Promise<Res>;

/** One request, any number of responses: the call ends with OK when the promise resolves. */
export type ServerStreamHandler<Req, Res> = (request: Req, call: StreamContext<Res>) => Promise<void>;

/**
 * Requests and responses both streamed: the requests end when the client
 * ends its side. Leaving the loop over them early resets the call.
 */
export type BidiStreamHandler<Req, Res> = (requests: AsyncIterable<Req>, call: StreamContext<Res>) => Promise<void>;

/** The parts of a generated (ts-proto) method definition the server uses. */
export interface MethodDefinition {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  requestDeserialize(bytes: Buffer): unknown;
  // Method syntax, so a definition whose serializer takes one message type fits.
  responseSerialize(message: unknown): Buffer;
}

/** A generated service definition, e.g. `executor.ExecutorService`. */
export type ServiceDefinition = { readonly [method: string]: MethodDefinition };

type RequestOf<M> = M extends { requestDeserialize(bytes: Buffer): infer Req } ? Req : never;
type ResponseOf<M> = M extends { responseSerialize(message: infer Res): Buffer } ? Res : never;

/** The handler a method takes. Client streaming with a single response has none: no plugin service has such a method. */
export type HandlerOf<M extends MethodDefinition> = M['requestStream'] extends true
  ? M['responseStream'] extends true
    ? BidiStreamHandler<RequestOf<M>, ResponseOf<M>>
    : never
  : M['responseStream'] extends true
    ? ServerStreamHandler<RequestOf<M>, ResponseOf<M>>
    : UnaryHandler<RequestOf<M>, ResponseOf<M>>;

/** One handler per method of `S`, under the method's name. */
export type HandlersOf<S extends ServiceDefinition> = { readonly [Name in keyof S]: HandlerOf<S[Name]> };

/** A method bound to its handler: what the server runs for each call on `path`. */
export interface Route {
  readonly path: string;
  /** Runs one call to its end, status included. Never rejects. */
  serve(call: ServerCall): Promise<void>;
}

/** A gRPC service a plugin serves, made with {@link defineService}; its routes are the server's business. */
export interface PluginService {
  readonly routes: readonly Route[];
}

/** A handler once {@link defineService} has checked its types against its method's. */
type ErasedHandler = (input: unknown, call: CallContext) => unknown;

/**
 * Binds `handlers` to the methods of `definition`.
 *
 * @example
 * defineService(health.HealthService, {
 *   check: () => ({ status: SERVING }),
 *   watch: async (_request, call) => call.send({ status: SERVING }),
 * });
 */
export function defineService<S extends ServiceDefinition>(definition: S, handlers: HandlersOf<S>): PluginService {
  // HandlersOf ties each handler to its method's types; the route only ever passes it that method's messages.
  const byName = handlers as unknown as Readonly<Record<string, ErasedHandler | undefined>>;
  return {
    routes: Object.entries(definition).flatMap(([name, method]) => {
      const handler = byName[name];
      // A method without a handler (possible from JavaScript) stays unknown: UNIMPLEMENTED.
      return handler ? [bind(method, handler)] : [];
    }),
  };
}

function bind(method: MethodDefinition, handler: ErasedHandler): Route {
  const decode = (bytes: Buffer): unknown => {
    try {
      return method.requestDeserialize(bytes);
    } catch (error) {
      throw new GrpcStatusError(Status.INTERNAL, `cannot decode the ${method.path} request: ${(error as Error).message}`);
    }
  };
  /** Resolves with the response of a unary method, with nothing when the response streams. */
  const run = async (call: ServerCall): Promise<Buffer | undefined> => {
    const context = new HandlerContext(call, method);
    if (method.requestStream) await handler(decodeEach(call.messages(), decode), context);
    else if (method.responseStream) await handler(decode(await call.request()), context);
    else return method.responseSerialize(await handler(decode(await call.request()), context));
    return undefined;
  };
  return {
    path: method.path,
    async serve(call) {
      try {
        call.finish(await run(call));
      } catch (error) {
        call.fail(toStatusError(error));
      }
    },
  };
}

/** What a handler gets; the call's signal is made only when the handler asks for it. */
class HandlerContext implements StreamContext<unknown> {
  readonly #call: ServerCall;
  readonly #method: MethodDefinition;

  constructor(call: ServerCall, method: MethodDefinition) {
    this.#call = call;
    this.#method = method;
  }

  get signal(): AbortSignal {
    return this.#call.signal;
  }

  send(message: unknown): Promise<void> {
    return this.#call.send(this.#method.responseSerialize(message));
  }
}

async function* decodeEach(messages: AsyncIterable<Buffer>, decode: (bytes: Buffer) => unknown): AsyncGenerator<unknown> {
  for await (const message of messages) yield decode(message);
}

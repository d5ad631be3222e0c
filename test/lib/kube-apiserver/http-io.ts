/** Reading request bodies and writing JSON answers and Status failures. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { decodeKubernetesProtobuf } from './protobuf.js';
import { badRequest, KubeStatusError, type Status, unsupportedMediaType } from './status.js';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The raw body; 400 past 32 MiB. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw badRequest(`the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, without parameters. */
export function mediaTypeOf(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Parses a body as JSON (YAML for apply patches and YAML bodies, protobuf for typed clients), 400 when it is not. */
export function parseBody(body: Buffer, mediaType: string): unknown {
  if (mediaType === 'application/vnd.kubernetes.protobuf') return decodeKubernetesProtobuf(body);
  const text = body.toString('utf8');
  if (mediaType.includes('yaml')) {
    try {
      return parseYaml(text);
    } catch (error) {
      throw badRequest(`the request body is not valid YAML: ${(error as Error).message}`);
    }
  }
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) throw unsupportedMediaType(mediaType);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Writes JSON text with a status code. */
export function sendJsonText(response: ServerResponse, code: number, text: string, contentType = 'application/json'): void {
  response.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export function sendJson(response: ServerResponse, code: number, body: unknown, contentType?: string): void {
  sendJsonText(response, code, JSON.stringify(body), contentType);
}

export function sendStatus(response: ServerResponse, status: Status): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, status.code, status);
}

/** A thrown KubeStatusError as its Status; anything else as a 500 naming it. */
export function statusOf(error: unknown): Status {
  if (error instanceof KubeStatusError) return error.status;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`,
    reason: 'InternalError',
    code: 500,
  };
}

import { ChatkubeError } from '@chatkube/api';

/** The command line is wrong; the message says how. */
export class UsageError extends ChatkubeError {
  constructor(message: string) {
    super('CHATKUBE_ERR_USAGE', message);
  }
}

export const USAGE = `chatkube: a ChatOps agent for Kubernetes

Usage:
  chatkube plugin metadata <bin>
  chatkube plugin help <bin> [--json]
  chatkube plugin exec <bin> [--config FILE]... [--json] -- <command words>
  chatkube plugin stream <bin> [--config FILE] [--count N] [--json]
  chatkube plugin bench <bin> [-n N] [--concurrency C] -- <command words>

Options:
  --verbose    log the plugin's own output (stderr) as JSON lines on stderr
  -h, --help   this text
`;

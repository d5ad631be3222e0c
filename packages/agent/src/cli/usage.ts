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

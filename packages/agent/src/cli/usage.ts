export const USAGE = `chatkube: a ChatOps agent for Kubernetes

Usage:
  chatkube run [--config FILE]... [--host HOST] [--port PORT] [--log-format json|text] [--log-level LEVEL]
      Runs the agent. Without --config: the embedded default, a web chat on
      http://127.0.0.1:2115/ with the bundled plugins, no cluster and no token.
  chatkube validate [--config FILE]...
      Checks a configuration (Botkube's files load too) and lists every problem.
  chatkube template render [--data FILE] 'TEMPLATE'
      Renders a Go template as actions and buttons do, with FILE (JSON or YAML) as data.

  chatkube plugin metadata <bin>
  chatkube plugin help <bin> [--json]
  chatkube plugin exec <bin> [--config FILE]... [--json] -- <command words>
  chatkube plugin stream <bin> [--config FILE] [--count N] [--json]
  chatkube plugin bench <bin> [-n N] [--concurrency C] -- <command words>
      Try a plugin executable without any chat.

  chatkube plugins index build [--binaries-path DIR] --url-base-path URL [--output FILE]
      Writes the plugin index (Botkube's format) of DIR's files named
      {type}_{name}_{os}_{arch}[.tar.gz|.zip], starting this machine's file of
      each plugin to read its metadata. Defaults: ./plugin-dist, ./plugins-index.yaml.
  chatkube plugins serve [--dir DIR] [--host HOST] [--port N]
      Serves DIR as a plugin repository: GET /botkube.yaml (its index, built on
      the fly) and /static/<file>. Defaults: ./plugin-dist, 127.0.0.1, 3010.

Options:
  --verbose    plugin commands: log the plugin's own output (stderr) as JSON lines on stderr
  -h, --help   this text
`;

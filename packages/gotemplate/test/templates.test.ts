import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateExecError, TemplateSyntaxError } from '../src/errors.js';
import { parseTemplate, renderTemplate } from '../src/index.js';

const isSyntax = (pattern: RegExp) => (e: unknown) =>
  e instanceof TemplateSyntaxError && e.code === 'CHATKUBE_ERR_TEMPLATE_SYNTAX' && pattern.test(e.message);
const isExec = (pattern: RegExp) => (e: unknown) =>
  e instanceof TemplateExecError && e.code === 'CHATKUBE_ERR_TEMPLATE_EXEC' && pattern.test(e.message);

describe('parseTemplate and execute', () => {
  it("renders Botkube's default action command", () => {
    const t = parseTemplate(
      'kubectl describe {{ .Event.Kind | lower }}{{ if .Event.Namespace }} -n {{ .Event.Namespace }}{{ end }} {{ .Event.Name }}',
      'describe-created-resource',
    );
    assert.equal(t.name, 'describe-created-resource');
    assert.equal(t.execute({ Event: { Kind: 'Pod', Namespace: 'default', Name: 'web' } }), 'kubectl describe pod -n default web');
    assert.equal(t.execute({ Event: { Kind: 'Node', Namespace: '', Name: 'n1' } }), 'kubectl describe node n1');
  });

  it('names the template, line and column of a syntax error', () => {
    assert.throws(() => parseTemplate('ok\n  {{ if }}', 'action'), isSyntax(/^template: action:2:8: missing value for if$/));
    assert.throws(() => parseTemplate('{{ nosuch 1 }}'), isSyntax(/^template: template:1:3: function "nosuch" not defined$/));
    assert.throws(() => parseTemplate('{{ now }}'), isSyntax(/function "now" is not supported by chatkube/));
  });

  it('names the template, position, node and cause of an execution error', () => {
    const t = parseTemplate('line one\n日本 {{ .a.b }}', 'x');
    // Go counts the column in bytes (日本 are 6) and points at the chain's last field.
    assert.throws(
      () => t.execute({ a: null }),
      isExec(/^template: x:2:12: executing "x" at <\.a\.b>: nil pointer evaluating interface \{\}\.b$/),
    );
    assert.throws(
      () => parseTemplate('{{ index .l 2 }}').execute({ l: [1] }),
      isExec(/at <index \.l 2>: error calling index: index out of range: 2$/),
    );
    assert.throws(() => parseTemplate('{{ upper 1 2 }}').execute({}), isExec(/wrong number of args for upper: want 1 got 2$/));
    assert.throws(
      () => parseTemplate('{{ call .f }}').execute({ f: 1 }),
      isExec(/error calling call: non-function of type float64$/),
    );
  });

  it('treats JSON numbers as float64, as Botkube templates see them', () => {
    assert.equal(
      parseTemplate('{{ .n }} {{ .big }} {{ add .n 1 }} {{ printf "%d" .n }}').execute({ n: 3, big: 1e6 }),
      '3 1e+06 4 %!d(float64=3)',
    );
    assert.throws(() => parseTemplate('{{ eq .n 3 }}').execute({ n: 3 }), isExec(/incompatible types for comparison/));
    assert.equal(parseTemplate('{{ eq .n 3.0 }}').execute({ n: 3 }), 'true');
  });

  it('prints missing keys as <no value>, and nil data as no value at all', () => {
    assert.equal(parseTemplate('[{{ .a }}][{{ .a.b }}][{{ . }}]').execute(null), '[<no value>][<no value>][<no value>]');
    assert.equal(parseTemplate('{{ if .a }}yes{{ else }}no{{ end }}').execute(undefined), 'no');
  });

  it('reads only the data’s own keys, whatever they are named', () => {
    const t = parseTemplate('[{{ .constructor }}][{{ .toString }}][{{ index . "__proto__" }}][{{ len . }}]');
    assert.equal(t.execute(JSON.parse('{"__proto__": "p"}')), '[<no value>][<no value>][p][1]');
    assert.equal(parseTemplate('{{ "x" | toString }}').execute({}), 'x');
    assert.throws(() => parseTemplate('{{ constructor }}'), isSyntax(/function "constructor" not defined/));
  });

  it('sees data as JSON: Dates by toJSON, undefined fields gone, bigints as int64', () => {
    const data = { when: new Date(0), gone: undefined, n: 12n, list: [undefined, () => 1] };
    assert.equal(
      parseTemplate('{{ .when }} {{ hasKey . "gone" }} {{ printf "%T" .n }} {{ .list }}').execute(data),
      '1970-01-01T00:00:00.000Z false int64 [<nil> <nil>]',
    );
  });

  it('does not change the caller’s data when a template sets keys', () => {
    const data = { m: { a: 1 } };
    assert.equal(parseTemplate('{{ $_ := set .m "b" 2 }}{{ .m }}').execute(data), 'map[a:1 b:2]');
    assert.deepEqual(data, { m: { a: 1 } });
  });

  it('follows Go 1.19: break and continue exist, else with does not', () => {
    assert.equal(
      parseTemplate(
        '{{ range . }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ if eq . 4.0 }}{{ break }}{{ end }}{{ . }}{{ end }}',
      ).execute([1, 2, 3, 4, 5]),
      '13',
    );
    assert.throws(() => parseTemplate('{{ with .a }}a{{ else with .b }}b{{ end }}'), isSyntax(/unexpected <with> in else/));
  });
});

describe('limits', () => {
  it('refuses output beyond 1 MiB', () => {
    const t = parseTemplate('{{ range until 2000 }}{{ repeat 1000 "x" }}{{ end }}', 'big');
    assert.throws(
      () => t.execute({}),
      isExec(/^template: big:1:\d+: executing "big" at <.*>: output is larger than 1048576 bytes$/),
    );
    assert.equal(parseTemplate('{{ range until 1000 }}{{ repeat 1000 "x" }}{{ end }}').execute({}).length, 1_000_000);
  });

  it('refuses results it would have to build beyond the limit', () => {
    assert.throws(
      () => parseTemplate('{{ repeat 2000000000 "x" }}').execute({}),
      isExec(/error calling repeat: result would be larger/),
    );
    assert.throws(
      () => parseTemplate('{{ len (until 2000000000) }}').execute({}),
      isExec(/error calling until: sequence would be longer/),
    );
  });

  it('stops recursion of {{template}} calls', () => {
    const t = parseTemplate('{{ define "loop" }}{{ template "loop" . }}{{ end }}{{ template "loop" }}', 'rec');
    assert.throws(
      () => t.execute({}),
      isExec(/executing "loop" at <\{\{template "loop" \.\}\}>: exceeded maximum template depth \(256\)$/),
    );
  });

  it('stops a template that would run for ever', () => {
    // Two calls per level: 2^30 calls without a step limit.
    const t = parseTemplate(
      '{{ define "t" }}{{ if gt . 0 }}{{ template "t" sub . 1 }}{{ template "t" sub . 1 }}{{ end }}{{ end }}{{ template "t" 30 }}',
      'fork',
      {
        limits: { maxSteps: 10_000 },
      },
    );
    assert.throws(() => t.execute({}), isExec(/template ran too long \(more than 10000 steps\)/));
  });

  it('refuses nesting that could exhaust the stack, as a syntax error', () => {
    assert.throws(() => parseTemplate(`{{ ${'('.repeat(500)}1${')'.repeat(500)} }}`), isSyntax(/nesting deeper than 200 levels/));
    assert.throws(() => parseTemplate(`${'{{ if true }}'.repeat(300)}x${'{{ end }}'.repeat(300)}`), isSyntax(/nesting deeper/));
  });

  it('throws only its own error classes, whatever the input', () => {
    const fragments = ['{{', '}}', '{{-', '-}}', ' ', '.a', '$x', ':=', '|', '(', ')', '"s"', '1', 'if', 'else', 'end', 'range'];
    fragments.push('define', 'template', '"t"', 'index', 'printf', '%', 'nil', 'true', ',', '`', "'", '/*', '*/', 'x', '\n');
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2000; i++) {
      let text = '';
      for (let j = Math.floor(random() * 12); j >= 0; j--) text += fragments[Math.floor(random() * fragments.length)];
      try {
        parseTemplate(text).execute({ a: [1, { b: null }], s: 'x' });
      } catch (error) {
        assert.ok(
          error instanceof TemplateSyntaxError || error instanceof TemplateExecError,
          `${JSON.stringify(text)}: ${error}`,
        );
      }
    }
  });
});

describe('renderTemplate', () => {
  it('renders, and names the template in errors', () => {
    assert.equal(renderTemplate('{{ .a | upper }}', { a: 'x' }), 'X');
    assert.throws(() => renderTemplate('{{ .a.b }}', { a: 'x' }, 'button'), isExec(/^template: button:1:5: executing "button"/));
  });

  it('throws a fresh syntax error each time for a cached bad template', () => {
    let first: unknown;
    assert.throws(
      () => renderTemplate('{{ if }}', {}, 'bad'),
      (e) => {
        first = e;
        return e instanceof TemplateSyntaxError;
      },
    );
    assert.throws(
      () => renderTemplate('{{ if }}', {}, 'bad'),
      (e) => e instanceof TemplateSyntaxError && e !== first,
    );
    assert.throws(() => renderTemplate('{{ if }}', {}, 'other'), isSyntax(/^template: other:/));
  });

  it('keeps working past its cache size', () => {
    for (let i = 0; i < 600; i++) assert.equal(renderTemplate(`{{ ${i} }}`, {}), String(i));
    assert.equal(renderTemplate('{{ 0 }}', {}), '0');
  });
});

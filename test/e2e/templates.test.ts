import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTemplate, TemplateExecError, TemplateSyntaxError } from '@chatkube/gotemplate';
import { goBin, ROOT } from '../lib/paths.js';

const CASES = join(ROOT, 'test/golden/templates/cases.json');
const RECORDED = join(ROOT, 'test/golden/templates/go.json');

interface Case {
  name: string;
  template: string;
  data?: unknown;
}
interface GoResult {
  name: string;
  output?: string;
  error?: string;
  stage?: 'parse' | 'exec';
}

const cases = JSON.parse(readFileSync(CASES, 'utf8')) as Case[];
const recorded = JSON.parse(readFileSync(RECORDED, 'utf8')) as GoResult[];
const byName = new Map(recorded.map((r) => [r.name, r]));

/** What Go does that chatkube does not, on purpose: these cases fail to parse here, naming the reason. */
const DIVERGES: Record<string, RegExp> = {
  'literal/complex-number': /complex number "1\+2i" is not supported by chatkube/,
  'call/unsupported-sprig-semver': /function "semverCompare" is not supported by chatkube/,
  'call/unsupported-sprig-expandenv': /function "expandenv" is not supported by chatkube/,
};

/** Where Go says the error is: `template: name:line:` for a parse error, up to `at <node>:` for an execution error. */
function goLocation(result: GoResult): string {
  const error = result.error ?? '';
  if (result.stage === 'exec') return error.slice(0, error.indexOf('>: ') + 3);
  return /^template: .*?:\d+:/.exec(error)?.[0] ?? error;
}

describe("Go templates render as Go's text/template with sprig does", () => {
  it('has many cases, each recorded once', () => {
    assert.ok(cases.length >= 120, `only ${cases.length} cases`);
    assert.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'case names are unique');
    assert.deepEqual(
      recorded.map((r) => r.name),
      cases.map((c) => c.name),
      'go.json is stale: run bash test/go/record-templates.sh',
    );
    assert.ok(recorded.filter((r) => r.stage === 'parse').length >= 20, 'parse errors are covered');
    assert.ok(recorded.filter((r) => r.stage === 'exec').length >= 20, 'execution errors are covered');
  });

  for (const c of cases) {
    const expected = byName.get(c.name);
    const diverges = DIVERGES[c.name];
    if (diverges) {
      it(`${c.name}: refused on purpose`, () => {
        assert.throws(
          () => parseTemplate(c.template, c.name),
          (e) => e instanceof TemplateSyntaxError && diverges.test(e.message),
        );
      });
    } else if (expected?.output !== undefined) {
      const output = expected.output;
      it(`${c.name}: same output`, () => {
        assert.equal(parseTemplate(c.template, c.name).execute(c.data ?? null), output);
      });
    } else if (expected?.error !== undefined) {
      const result = expected;
      it(`${c.name}: fails at the same place (${result.stage})`, () => {
        const location = goLocation(result);
        const check = (e: unknown) => {
          const expectedClass = result.stage === 'parse' ? TemplateSyntaxError : TemplateExecError;
          assert.ok(e instanceof expectedClass, `${(e as Error).constructor.name}: ${(e as Error).message}`);
          assert.ok(
            e.message.startsWith(location),
            `chatkube's error ${JSON.stringify(e.message)} should start like Go's ${JSON.stringify(result.error)}`,
          );
          return true;
        };
        assert.throws(() => parseTemplate(c.template, c.name).execute(c.data ?? null), check);
      });
    }
  }

  it('the recorded file is what Go writes today', () => {
    const today = execFileSync(goBin('go-template'), [CASES], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(today, readFileSync(RECORDED, 'utf8'));
  });
});

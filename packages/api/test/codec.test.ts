import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEvent, decodeMessage, encodeEvent, encodeMessage, MessageJsonError } from '../src/index.js';

describe('encodeMessage', () => {
  it('writes the struct fields Go always writes, and nothing else, for an empty message', () => {
    assert.equal(encodeMessage({}), '{"baseBody":{},"timestamp":"0001-01-01T00:00:00Z"}');
  });

  it("writes Botkube's echo answer byte for byte", () => {
    assert.equal(
      encodeMessage({ type: 'baseBodyWithFilter', baseBody: { codeBlock: 'echo hi' } }),
      '{"type":"baseBodyWithFilter","baseBody":{"codeBlock":"echo hi"},"timestamp":"0001-01-01T00:00:00Z"}',
    );
  });

  it('escapes what Go escapes: <, >, &, U+2028, U+2029', () => {
    const json = encodeMessage({ baseBody: { plaintext: '<@U1> & \u2028\u2029 "q" \\ \n\t\u0001 ü 🚀' } });
    assert.equal(
      json,
      '{"baseBody":{"plaintext":"\\u003c@U1\\u003e \\u0026 \\u2028\\u2029 \\"q\\" \\\\ \\n\\t\\u0001 ü 🚀"},"timestamp":"0001-01-01T00:00:00Z"}',
    );
  });

  it('writes backspace and form feed as the Go that builds Botkube (1.21) does, escaped backslashes as they are', () => {
    assert.match(encodeMessage({ baseBody: { plaintext: '\b\f \\b' } }), /"\\u0008\\u000c \\\\b"/);
  });

  it('replaces lone surrogates as Go replaces invalid UTF-8', () => {
    assert.match(encodeMessage({ baseBody: { plaintext: 'a\ud800b' } }), /"a\ufffdb"/);
  });

  it("puts a section's Base fields at its top level, after style, with its structs always present", () => {
    const json = encodeMessage({ sections: [{ header: 'h', buttons: [{ name: 'b', command: 'c' }] }] });
    assert.equal(
      json,
      '{"baseBody":{},"timestamp":"0001-01-01T00:00:00Z","sections":[{"style":{},"header":"h","body":{},' +
        '"buttons":[{"descriptionStyle":"","name":"b","command":"c"}],"multiSelect":{"description":{}},"selects":{}}]}',
    );
  });

  it('writes times as Go does: trailing zeros trimmed, Z for a zero offset', () => {
    const at = (timestamp: string): string => JSON.parse(encodeMessage({ timestamp })).timestamp;
    assert.equal(at('2024-05-01T10:20:30.500Z'), '2024-05-01T10:20:30.5Z');
    assert.equal(at('2024-05-01T10:20:30.000+00:00'), '2024-05-01T10:20:30Z');
    assert.equal(at('2024-05-01T10:20:30.123456789+02:00'), '2024-05-01T10:20:30.123456789+02:00');
  });

  it('refuses a timestamp that is not RFC 3339, naming the field', () => {
    assert.throws(() => encodeMessage({ timestamp: 'yesterday' }), {
      code: 'CHATKUBE_ERR_MESSAGE_JSON',
      message: 'message.timestamp: "yesterday" is not an RFC 3339 time',
    });
  });
});

describe('decodeMessage', () => {
  it('reads an empty input as an empty message, as the Go host does', () => {
    assert.deepEqual(decodeMessage(new Uint8Array()), {});
  });

  it('tolerates empty structs, unknown keys and keys in another case', () => {
    const message = decodeMessage('{"BaseBody":{"CodeBlock":"x"},"style":{},"extra":1,"sections":[{"selects":{},"style":{}}]}');
    assert.deepEqual(message, { baseBody: { codeBlock: 'x' }, sections: [{}] });
  });

  it('reads null as a zero value and drops the zero timestamp', () => {
    assert.deepEqual(decodeMessage('{"type":null,"timestamp":"0001-01-01T00:00:00Z","sections":null}'), {});
  });

  it('names the path of a value of the wrong type', () => {
    assert.throws(() => decodeMessage('{"sections":[{"buttons":[{"name":"a"},{"name":7}]}]}'), {
      code: 'CHATKUBE_ERR_MESSAGE_JSON',
      message: 'message.sections[0].buttons[1].name: expected a string, got a number',
    });
  });

  it('says what is wrong with input that is not JSON', () => {
    assert.throws(
      () => decodeMessage('not json'),
      (error: unknown) => {
        assert.ok(error instanceof MessageJsonError);
        assert.match(error.message, /^message is not JSON \(.*\): "not json"$/);
        return true;
      },
    );
  });

  it('round-trips to the same bytes', () => {
    const json =
      '{"type":"form","baseBody":{"plaintext":"p"},"timestamp":"2024-05-01T10:20:30.5Z","sections":[{"style":{"divider":"none"},' +
      '"header":"h","body":{},"multiSelect":{"name":"m","description":{},"options":[{"name":"a","value":"a"}]},' +
      '"selects":{"id":"s","items":[{"type":"static","name":"n","command":"c","initialOption":{}}]}}],"onlyVisibleForYou":true}';
    assert.equal(encodeMessage(decodeMessage(json)), json);
  });
});

describe('events', () => {
  it('uses the Go field names and always writes all three', () => {
    assert.equal(
      encodeEvent({ message: {} }),
      '{"Message":{"baseBody":{},"timestamp":"0001-01-01T00:00:00Z"},"RawObject":null,"AnalyticsLabels":null}',
    );
  });

  it('writes RawObject as Go writes a map: keys sorted, HTML escaped', () => {
    const json = encodeEvent({ message: {}, rawObject: { b: 1, a: [true, null, 1.5, 1e21, 1e-7], '<k>': 'x&y' } });
    assert.match(json, /"RawObject":\{"\\u003ck\\u003e":"x\\u0026y","a":\[true,null,1\.5,1e\+21,1e-7\],"b":1\}/);
  });

  it('reads an event and refuses AnalyticsLabels that are not an object', () => {
    assert.deepEqual(decodeEvent('{"Message":{"baseBody":{"plaintext":"x"}},"RawObject":{"n":1}}'), {
      message: { baseBody: { plaintext: 'x' } },
      rawObject: { n: 1 },
    });
    assert.throws(() => decodeEvent('{"AnalyticsLabels":[1]}'), {
      message: 'event.analyticsLabels: expected an object, got an array',
    });
  });
});

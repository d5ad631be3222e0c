import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { h2 } from '../src/index.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
type Fields = [string, string][];

/** The dynamic table's entries, newest first. */
function tableOf(decoder: h2.HpackDecoder): Fields {
  return Array.from({ length: decoder.table.length }, (_, i) => [...(decoder.table.get(i + 1) as h2.HeaderField)]);
}

function isCompressionError(error: unknown): boolean {
  assert.ok(error instanceof h2.Http2ConnectionError, `${error}`);
  assert.equal(error.errorCode, h2.ErrorCode.COMPRESSION_ERROR);
  return true;
}

/** One step of an RFC 7541 Appendix C series: a header block, its fields, the table after it and its size. */
interface Step {
  block: string;
  fields: Fields;
  table: Fields;
  size: number;
}

function decodeSeries(tableSize: number, steps: Step[]): void {
  const decoder = new h2.HpackDecoder({ maxTableSize: tableSize });
  steps.forEach((step, i) => {
    assert.deepEqual(decoder.decode(hex(step.block)), step.fields, `header list ${i + 1}`);
    assert.deepEqual(tableOf(decoder), step.table, `dynamic table after header list ${i + 1}`);
    assert.equal(decoder.table.size, step.size, `dynamic table size after header list ${i + 1}`);
  });
}

const REQUEST_1: Fields = [
  [':method', 'GET'],
  [':scheme', 'http'],
  [':path', '/'],
  [':authority', 'www.example.com'],
];
const REQUEST_2: Fields = [...REQUEST_1, ['cache-control', 'no-cache']];
const REQUEST_3: Fields = [
  [':method', 'GET'],
  [':scheme', 'https'],
  [':path', '/index.html'],
  [':authority', 'www.example.com'],
  ['custom-key', 'custom-value'],
];
const requestTables: Fields[] = [
  [[':authority', 'www.example.com']],
  [
    ['cache-control', 'no-cache'],
    [':authority', 'www.example.com'],
  ],
  [
    ['custom-key', 'custom-value'],
    ['cache-control', 'no-cache'],
    [':authority', 'www.example.com'],
  ],
];
const requests = (blocks: string[]): Step[] =>
  [REQUEST_1, REQUEST_2, REQUEST_3].map((fields, i) => ({
    block: blocks[i] as string,
    fields,
    table: requestTables[i] as Fields,
    size: [57, 110, 164][i] as number,
  }));

const DATE_1 = 'Mon, 21 Oct 2013 20:13:21 GMT';
const DATE_2 = 'Mon, 21 Oct 2013 20:13:22 GMT';
const LOCATION = 'https://www.example.com';
const COOKIE = 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1';
const responses = (blocks: string[]): Step[] => [
  {
    block: blocks[0] as string,
    fields: [
      [':status', '302'],
      ['cache-control', 'private'],
      ['date', DATE_1],
      ['location', LOCATION],
    ],
    table: [
      ['location', LOCATION],
      ['date', DATE_1],
      ['cache-control', 'private'],
      [':status', '302'],
    ],
    size: 222,
  },
  {
    block: blocks[1] as string,
    fields: [
      [':status', '307'],
      ['cache-control', 'private'],
      ['date', DATE_1],
      ['location', LOCATION],
    ],
    table: [
      [':status', '307'],
      ['location', LOCATION],
      ['date', DATE_1],
      ['cache-control', 'private'],
    ],
    size: 222,
  },
  {
    block: blocks[2] as string,
    fields: [
      [':status', '200'],
      ['cache-control', 'private'],
      ['date', DATE_2],
      ['location', LOCATION],
      ['content-encoding', 'gzip'],
      ['set-cookie', COOKIE],
    ],
    table: [
      ['set-cookie', COOKIE],
      ['content-encoding', 'gzip'],
      ['date', DATE_2],
    ],
    size: 215,
  },
];

describe('HPACK primitives (RFC 7541 §5, C.1)', () => {
  it('encodes and decodes integers with N-bit prefixes', () => {
    for (const [value, prefix, bytes] of [
      [10, 5, [0x0a]],
      [1337, 5, [0x1f, 0x9a, 0x0a]],
      [42, 8, [0x2a]],
      [31, 5, [0x1f, 0x00]],
      [2 ** 32 - 1, 7, [0x7f, 0x80, 0xff, 0xff, 0xff, 0x0f]],
    ] as const) {
      const out: number[] = [];
      h2.writeInteger(out, value, prefix);
      assert.deepEqual(out, bytes, `${value} with a ${prefix}-bit prefix`);
      assert.equal(new h2.HpackReader(Uint8Array.from(bytes)).integer(prefix), value);
    }
  });

  it('refuses an integer that is cut off or too large', () => {
    assert.throws(() => new h2.HpackReader(Uint8Array.from([0x1f, 0x9a])).integer(5), isCompressionError);
    assert.throws(() => new h2.HpackReader(Uint8Array.from([0x7f, 0xff, 0xff, 0xff, 0xff, 0x7f])).integer(7), isCompressionError);
  });
});

describe('HPACK decoding (RFC 7541 Appendix C)', () => {
  it('C.2: one representation of each kind', () => {
    for (const [name, block, fields, table] of [
      [
        'C.2.1',
        '400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572',
        [['custom-key', 'custom-header']],
        [['custom-key', 'custom-header']],
      ],
      ['C.2.2', '040c 2f73 616d 706c 652f 7061 7468', [[':path', '/sample/path']], []],
      ['C.2.3', '1008 7061 7373 776f 7264 0673 6563 7265 74', [['password', 'secret']], []],
      ['C.2.4', '82', [[':method', 'GET']], []],
    ] as const) {
      const decoder = new h2.HpackDecoder();
      assert.deepEqual(decoder.decode(hex(block)), fields, name);
      assert.deepEqual(tableOf(decoder), table, `${name}: dynamic table`);
    }
  });

  it('C.3: requests without Huffman coding', () =>
    decodeSeries(
      4096,
      requests([
        '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
        '8286 84be 5808 6e6f 2d63 6163 6865',
        '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
      ]),
    ));

  it('C.4: requests with Huffman coding', () =>
    decodeSeries(
      4096,
      requests([
        '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
        '8286 84be 5886 a8eb 1064 9cbf',
        '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf',
      ]),
    ));

  it('C.5: responses without Huffman coding, evicting from a 256-octet table', () =>
    decodeSeries(
      256,
      responses([
        `4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133
         2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d`,
        '4803 3330 37c1 c0bf',
        `88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d
         54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049
         5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31`,
      ]),
    ));

  it('C.6: responses with Huffman coding, evicting from a 256-octet table', () =>
    decodeSeries(
      256,
      responses([
        `4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6
         2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3`,
        '4883 640e ffc1 c0bf',
        `88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab
         77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f
         9587 3160 65c0 03ed 4ee5 b106 3d50 07`,
      ]),
    ));

  it('applies dynamic table size updates at the start of a block, and only there', () => {
    const decoder = new h2.HpackDecoder();
    decoder.decode(hex('400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572'));
    assert.equal(decoder.table.length, 1);
    // Size 0 empties the table, then size 4096 again; then the entry is gone: index 62 is unknown.
    assert.deepEqual(decoder.decode(hex('20 3fe1 1f 82')), [[':method', 'GET']]);
    assert.equal(decoder.table.length, 0);
    assert.throws(() => decoder.decode(hex('be')), /index 62 is beyond the tables/);
    assert.throws(() => decoder.decode(hex('82 20')), /size update after a header field/);
    assert.throws(() => decoder.decode(hex('3fe2 1f')), /size update to 4097, above the limit of 4096/);
  });

  it('refuses bad blocks with a compression error naming the problem', () => {
    const decoder = new h2.HpackDecoder();
    assert.throws(() => decoder.decode(hex('80')), isCompressionError);
    assert.throws(() => decoder.decode(hex('80')), /index 0/);
    assert.throws(() => decoder.decode(hex('c0')), /index 64 is beyond the tables \(61 static, 0 dynamic\)/);
    assert.throws(() => decoder.decode(hex('040c 2f73')), /a string of 12 octets, longer than what is left/);
    assert.throws(() => decoder.decode(hex('0488 ffff ffff ffff ffff')), /Huffman-coded string/);
  });

  it('refuses a header list above its limit', () => {
    const decoder = new h2.HpackDecoder({ maxHeaderListSize: 130 });
    assert.equal(decoder.decode(hex('8286 84')).length, 3);
    assert.throws(
      () => decoder.decode(hex('8286 8482')),
      (error: unknown) => {
        assert.ok(error instanceof h2.Http2ConnectionError);
        assert.equal(error.errorCode, h2.ErrorCode.PROTOCOL_ERROR);
        assert.match(error.message, /larger than the limit of 130 octets/);
        return true;
      },
    );
  });
});

describe('HPACK Huffman code (RFC 7541 Appendix B)', () => {
  it('has the codes of the RFC', () => {
    for (const [symbol, code, bits] of [
      [0, 0x1ff8, 13],
      [10, 0x3ffffffc, 30],
      [32, 0x14, 6],
      [48, 0x0, 5],
      [97, 0x3, 5],
      [255, 0x3ffffee, 26],
      [256, 0x3fffffff, 30],
    ] as const) {
      assert.deepEqual(h2.huffmanCode(symbol), { code, bits }, `symbol ${symbol}`);
    }
  });

  it('encodes the RFC examples', () => {
    assert.equal(h2.huffmanEncode(Buffer.from('www.example.com')).toString('hex'), 'f1e3c2e5f23a6ba0ab90f4ff');
    assert.equal(h2.huffmanEncode(Buffer.from('no-cache')).toString('hex'), 'a8eb10649cbf');
    assert.equal(h2.huffmanEncode(Buffer.from('302')).toString('hex'), '6402');
  });

  it('round-trips every octet, and random strings', () => {
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    assert.deepEqual(h2.huffmanDecode(h2.huffmanEncode(every)), every);
    for (let i = 0; i < 200; i++) {
      const input = randomBytes(i);
      const encoded = h2.huffmanEncode(input);
      assert.equal(encoded.length, h2.huffmanEncodedLength(input));
      assert.deepEqual(h2.huffmanDecode(encoded), input, input.toString('hex'));
    }
  });

  it('refuses EOS, padding over 7 bits, and padding that is not all ones', () => {
    const errors: [string, RegExp][] = [
      ['ff', /padding is longer than 7 bits/],
      ['1fff', /padding is longer than 7 bits/],
      ['ffffffff', /contains EOS/],
      ['00', /padding is not all ones/],
      ['1e', /padding is not all ones/],
    ];
    for (const [input, message] of errors) assert.throws(() => h2.huffmanDecode(hex(input)), message, input);
    assert.throws(() => h2.huffmanDecode(hex('ff')), isCompressionError);
  });
});

describe('HPACK encoding', () => {
  it('uses the static table and literals without indexing, and decodes back', () => {
    const fields: Fields = [
      [':method', 'POST'],
      [':scheme', 'http'],
      [':path', '/executor.Executor/Execute'],
      [':authority', 'localhost'],
      ['content-type', 'application/grpc'],
      ['te', 'trailers'],
      ['grpc-message', 'latin1 \xe9 and \x00'],
    ];
    const block = h2.encodeHeaders(fields);
    assert.equal(block[0], 0x83, ':method POST is static entry 3');
    assert.equal(block[1], 0x86, ':scheme http is static entry 6');
    assert.equal(block[2], 0x04, ':path: literal without indexing, name from static entry 4');
    const decoder = new h2.HpackDecoder();
    assert.deepEqual(decoder.decode(block), fields);
    assert.equal(decoder.table.length, 0, 'nothing is added to the peer table');
  });
});

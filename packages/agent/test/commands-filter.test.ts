import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFilter, FILTER_INPUT_MIN_LINES, filterMessage, offersFilterInput } from '../src/commands/filter.js';

const pods = [
  'NAME                          READY   STATUS    RESTARTS   AGE',
  'coredns-558bd4d5db-c5gwx      1/1     Running   0          30m',
  'etcd-kind-control-plane       1/1     Running   0          30m',
  'kindnet-hl6zc                 1/1     Running   0          29m',
  '',
  'kube-proxy-x79x6              1/1     Running   0          29m',
].join('\n');

describe('applyFilter', () => {
  it('keeps the lines containing the text, in order', () => {
    assert.equal(
      applyFilter(pods, 'kind'),
      'etcd-kind-control-plane       1/1     Running   0          30m\nkindnet-hl6zc                 1/1     Running   0          29m',
    );
    assert.equal(applyFilter(pods, 'Running').split('\n').length, 4);
  });

  it('matches literally and case-sensitively: no patterns', () => {
    assert.equal(applyFilter('a.b\naxb\n[x]\n*', '.'), 'a.b');
    assert.equal(applyFilter('a.b\naxb\n[x]\n*', '[x]'), '[x]');
    assert.equal(applyFilter('Kind\nkind', 'kind'), 'kind');
    assert.equal(applyFilter('café\ncafe\u0301', 'café'), 'café', 'no Unicode normalisation');
  });

  it('gives nothing when no line matches, and everything for an empty filter', () => {
    assert.equal(applyFilter(pods, 'nothing-like-this'), '');
    assert.equal(applyFilter('', 'x'), '');
    assert.equal(applyFilter(pods, ''), pods);
  });

  it('drops the \\r of CRLF line ends, as Go reads lines', () => {
    assert.equal(applyFilter('a1\r\nb\r\na2\r\n', 'a'), 'a1\na2');
  });
});

describe('filterMessage', () => {
  it('filters the code block and the plain text and drops the rest', () => {
    assert.deepEqual(
      filterMessage(
        {
          type: 'baseBodyWithFilter',
          baseBody: { codeBlock: pods, plaintext: 'kind of\nnot this' },
          sections: [{ header: 'kind' }],
          plaintextInputs: [{ command: 'x' }],
          timestamp: '2024-01-01T00:00:00Z',
          onlyVisibleForYou: true,
        },
        'kind',
      ),
      {
        baseBody: {
          codeBlock:
            'etcd-kind-control-plane       1/1     Running   0          30m\nkindnet-hl6zc                 1/1     Running   0          29m',
          plaintext: 'kind of',
        },
      },
    );
  });

  it('leaves an empty body when nothing matches, and copes with no body at all', () => {
    assert.deepEqual(filterMessage({ type: 'baseBodyWithFilter', baseBody: { codeBlock: pods } }, 'zzz'), { baseBody: {} });
    assert.deepEqual(filterMessage({}, 'x'), { baseBody: {} });
    assert.deepEqual(filterMessage({ baseBody: { plaintext: 'a\nb' }, sections: [{}] }, ''), { baseBody: { plaintext: 'a\nb' } });
  });
});

describe('offersFilterInput', () => {
  it('is true from 16 lines on', () => {
    assert.equal(FILTER_INPUT_MIN_LINES, 16);
    assert.equal(offersFilterInput(Array.from({ length: 15 }, (_, i) => `l${i}`).join('\n')), false);
    assert.equal(offersFilterInput(Array.from({ length: 16 }, (_, i) => `l${i}`).join('\n')), true);
    assert.equal(offersFilterInput('\n'.repeat(15)), true);
    assert.equal(offersFilterInput(''), false);
  });
});

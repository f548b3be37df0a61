import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBody, rawJsonText } from '../../src/http/body-parser.js';
import { ApiError } from '../../src/http/api-error.js';

test('JSON under any content type, raw text kept', () => {
  for (const ct of ['application/json', 'application/json;charset=utf-8', 'text/plain', undefined]) {
    const body = parseBody(ct, '{"amount": 1.0}');
    assert.deepEqual(body, { amount: 1 });
    assert.equal(rawJsonText(body), '{"amount": 1.0}');
  }
});

test('forms: by content type, or form-looking text without one', () => {
  assert.deepEqual(parseBody('application/x-www-form-urlencoded; charset=UTF-8', 'grant_type=client_credentials&client_id=k'), {
    grant_type: 'client_credentials',
    client_id: 'k',
  });
  assert.deepEqual(parseBody(undefined, 'a=1&a=2'), { a: ['1', '2'] });
});

test('empty is no body; broken JSON is 400 BAD_REQUEST', () => {
  assert.equal(parseBody('application/json', '  '), undefined);
  assert.throws(() => parseBody('application/json', '{"a":'), (e: unknown) => e instanceof ApiError && e.code === 1000);
  assert.throws(() => parseBody('application/json', 'a=1'), (e: unknown) => e instanceof ApiError && e.code === 1000);
});

test('a JSON string with an unpaired surrogate escape is 400; a surrogate pair is text', () => {
  for (const text of ['{"email":"\\ud800x@a.bc"}', '{"a":{"b":["\\udc00"]}}', '{"\\ud801":1}']) {
    assert.throws(() => parseBody('application/json', text), (e: unknown) => e instanceof ApiError && e.code === 1000 && /surrogate/.test(e.message), text);
  }
  assert.deepEqual(parseBody('application/json', '{"memo":"\\ud83d\\ude00"}'), { memo: '\u{1F600}' });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { covers, PERMISSIONS, secretMatches } from './auth';

describe('permission coverage', () => {
  it('follows read ⊂ manage ⊂ own and read ⊂ monitor ⊂ own, and nothing else', () => {
    const allowed = new Set(['read:read', 'manage:read', 'manage:manage', 'monitor:read', 'monitor:monitor']);
    for (const needed of PERMISSIONS) {
      assert.equal(covers('own', needed), true, `own covers ${needed}`);
    }
    for (const granted of ['read', 'manage', 'monitor'] as const) {
      for (const needed of PERMISSIONS) {
        assert.equal(covers(granted, needed), allowed.has(`${granted}:${needed}`), `${granted} vs ${needed}`);
      }
    }
  });

  it('compares secrets exactly, whatever their lengths', () => {
    assert.equal(secretMatches('abc', 'abc'), true);
    assert.equal(secretMatches('abc', 'abd'), false);
    assert.equal(secretMatches('abc', 'abcd'), false);
    assert.equal(secretMatches('', 'abc'), false);
  });
});

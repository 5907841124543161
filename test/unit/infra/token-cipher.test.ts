import { describe, expect, it } from 'vitest';
import { keyIdOf, tokenCipher } from '../../../src/infra/crypto/token-cipher';

const key = Buffer.alloc(32, 1);
const token = 'xoxb-111-222-secretsecret';

describe('tokenCipher', () => {
  it('opens what it sealed, for the same team only; the sealed bytes do not contain the token', () => {
    const cipher = tokenCipher(key);
    const sealed = cipher.seal(token, 'T1');
    expect(sealed.ciphertext.includes(Buffer.from(token))).toBe(false);
    expect(sealed.ciphertext.includes(Buffer.from('secret'))).toBe(false);
    expect(sealed.keyId).toBe(keyIdOf(key));
    expect(cipher.open(sealed, 'T1')).toEqual({ kind: 'opened', plaintext: token });
    // Copied onto another team's row, it does not open.
    expect(cipher.open(sealed, 'T2')).toEqual({ kind: 'tampered' });
    // Two seals of one token differ (a fresh IV each time).
    expect(cipher.seal(token, 'T1').ciphertext.equals(sealed.ciphertext)).toBe(false);
  });

  it('refuses a changed byte, and names the key a value was sealed with when it is another', () => {
    const cipher = tokenCipher(key);
    const sealed = cipher.seal(token, 'T1');
    const changed = Buffer.from(sealed.ciphertext);
    changed[14] = (changed[14] ?? 0) ^ 1;
    expect(cipher.open({ ...sealed, ciphertext: changed }, 'T1')).toEqual({ kind: 'tampered' });
    const other = tokenCipher(Buffer.alloc(32, 2));
    expect(other.keyId).not.toBe(cipher.keyId);
    expect(other.open(sealed, 'T1')).toEqual({ kind: 'other_key', keyId: cipher.keyId });
  });

  it('wants a 32-byte key', () => {
    expect(() => tokenCipher(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

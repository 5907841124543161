// Secrets kept in the database (the Slack workspaces' bot tokens) are encrypted with
// AES-256-GCM under a key from the environment. Each sealed value names the key it was sealed
// with (a fingerprint, never the key), so that a key can be replaced later: values sealed
// with an older key are still recognised as such instead of failing as garbage.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  /** iv (12 bytes) + ciphertext + authentication tag (16 bytes). */
  readonly ciphertext: Buffer;
  /** Which key sealed it: the first 16 hex digits of its fingerprint. */
  readonly keyId: string;
}

export type Opened = { kind: 'opened'; plaintext: string } | { kind: 'other_key'; keyId: string } | { kind: 'tampered' };

export interface TokenCipher {
  readonly keyId: string;
  /** Seals `plaintext`; `context` (the row's key, a team id) must be given again to open it. */
  seal(plaintext: string, context: string): Sealed;
  open(sealed: Sealed, context: string): Opened;
}

/** The fingerprint of a key that names it in the database. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('token-key:').update(key).digest('hex').slice(0, 16);
}

export function tokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) throw new Error(`an AES-256-GCM key has 32 bytes, not ${key.length}`);
  const keyId = keyIdOf(key);
  return {
    keyId,
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { ciphertext: Buffer.concat([iv, body, cipher.getAuthTag()]), keyId };
    },
    open(sealed, context) {
      if (sealed.keyId !== keyId) return { kind: 'other_key', keyId: sealed.keyId };
      if (sealed.ciphertext.length < IV_BYTES + TAG_BYTES) return { kind: 'tampered' };
      const iv = sealed.ciphertext.subarray(0, IV_BYTES);
      const tag = sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES);
      const body = sealed.ciphertext.subarray(IV_BYTES, sealed.ciphertext.length - TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return { kind: 'opened', plaintext: Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8') };
      } catch {
        return { kind: 'tampered' };
      }
    },
  };
}

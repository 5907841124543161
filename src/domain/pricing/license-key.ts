/**
 * License keys: 'XXXX-XXXX-XXXX-XXXX' of A–Z and 0–9. There is no checksum; a key is
 * verified by looking it up. User input is normalised exactly as pricing.md says before it
 * is looked up or compared.
 */

/** A normalised license key, 'XXXX-XXXX-XXXX-XXXX' (19 characters). */
export type LicenseKey = string;

export type LicenseKeyParse = { kind: 'ok'; key: LicenseKey } | { kind: 'invalid_format' };

/** The 36 characters a key is made of, in the order random bytes map onto them. */
export const LICENSE_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const KEY_LENGTH = 16;
const GROUP_LENGTH = 4;
const NORMALISED = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/;
// The largest multiple of 36 that fits a byte: bytes at or above it are skipped, so every
// character is exactly equally likely (no modulo bias).
const ACCEPT_BELOW = 252;

function withHyphens(sixteen: string): LicenseKey {
  const groups: string[] = [];
  for (let i = 0; i < KEY_LENGTH; i += GROUP_LENGTH) groups.push(sixteen.slice(i, i + GROUP_LENGTH));
  return groups.join('-');
}

/**
 * Normalises what a user typed into a key: trim, uppercase, drop spaces and hyphens, and if
 * exactly 16 characters of A–Z and 0–9 remain, re-insert the hyphens. Anything else is
 * `invalid_format`. Only the ASCII letters a–z are uppercased, so that 'ß' or a dotless 'ı'
 * cannot turn into valid letters; "spaces" are U+0020 (other whitespace inside is invalid,
 * whitespace around is trimmed).
 */
export function normaliseLicenseKey(input: string): LicenseKeyParse {
  const compact = input
    .trim()
    .replace(/[a-z]/g, (letter) => letter.toUpperCase())
    .replace(/[ -]/g, '');
  if (compact.length !== KEY_LENGTH || !/^[A-Z0-9]+$/.test(compact)) return { kind: 'invalid_format' };
  return { kind: 'ok', key: withHyphens(compact) };
}

/**
 * Whether `s` is already a normalised key.
 */
export function isLicenseKey(s: unknown): s is LicenseKey {
  return typeof s === 'string' && NORMALISED.test(s);
}

/**
 * A new key from random bytes, by rejection sampling: a byte below 252 becomes
 * `LICENSE_KEY_ALPHABET[byte % 36]`, a byte of 252–255 is skipped, so all 36 characters are
 * equally likely. Uses the bytes in order and nothing else. Throws RangeError when the bytes
 * run out before 16 characters are made; 32 bytes fail with probability below 10⁻²².
 */
export function licenseKeyFromRandomBytes(bytes: Uint8Array): LicenseKey {
  let characters = '';
  for (const byte of bytes) {
    if (characters.length === KEY_LENGTH) break;
    if (byte < ACCEPT_BELOW) characters += LICENSE_KEY_ALPHABET.charAt(byte % LICENSE_KEY_ALPHABET.length);
  }
  if (characters.length < KEY_LENGTH) {
    throw new RangeError(`not enough usable random bytes for a license key (got ${bytes.length}; pass 32)`);
  }
  return withHyphens(characters);
}

import type { PasswordHasher } from '../../src/domain/ports';

/** The stored form of `password` under the fake hasher: readable on purpose, for unit tests only. */
export function plainHash(password: string): string {
  return `plain$${password}`;
}

/**
 * A PasswordHasher twin that stores `plain$<password>`. It remembers which hashes it was
 * asked to check, so a test can see that an unknown username still costs one check
 * (of `dummyHash`), as the real scrypt hasher does.
 */
export function fakeHasher(): PasswordHasher & { readonly checked: string[] } {
  const checked: string[] = [];
  // Not of the form plain$…, so it matches no password at all, not even the empty one.
  const dummyHash = 'plain-dummy';
  return {
    checked,
    dummyHash,
    async hash(password) {
      return plainHash(password);
    },
    async verify(password, hash) {
      checked.push(hash);
      return hash !== dummyHash && hash === plainHash(password);
    },
  };
}

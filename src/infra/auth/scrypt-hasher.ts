import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { PasswordHasher } from '../../domain/ports';
import { concurrencyLimit } from './concurrency';

const scryptOnce = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));

export interface ScryptParameters {
  /** CPU/memory cost, a power of two: 2^15 uses 32 MiB per hash. */
  N: number;
  r: number;
  p: number;
}

export const PRODUCTION_SCRYPT: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

/**
 * Password hashes with scrypt, a memory-hard KDF built into Node: `scrypt$N$r$p$salt$hash`
 * (base64). The parameters are stored in each hash, so raising them later keeps old hashes valid.
 * At most `parallel` hashes run at once (one per core by default); the others wait their turn.
 */
export function scryptHasher(parameters: ScryptParameters = PRODUCTION_SCRYPT, parallel = availableParallelism()): PasswordHasher {
  const limited = concurrencyLimit(parallel);
  const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) => limited(() => scryptOnce(password, salt, length, options));
  const options = (p: ScryptParameters): ScryptOptions => ({ N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r });
  const encode = (p: ScryptParameters, salt: Buffer, key: Buffer) => `scrypt$${p.N}$${p.r}$${p.p}$${salt.toString('base64')}$${key.toString('base64')}`;
  return {
    async hash(password) {
      const salt = randomBytes(16);
      return encode(parameters, salt, await scrypt(password, salt, KEY_LENGTH, options(parameters)));
    },
    async verify(password, stored) {
      const [scheme, n, r, p, salt, key] = stored.split('$');
      if (scheme !== 'scrypt' || !salt || !key) return false;
      const stated = { N: Number(n), r: Number(r), p: Number(p) };
      if (![stated.N, stated.r, stated.p].every((v) => Number.isSafeInteger(v) && v > 0)) return false;
      const expected = Buffer.from(key, 'base64');
      const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, options(stated));
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
    // Checked for unknown usernames: same cost as a real user's hash, matches nothing.
    dummyHash: encode(parameters, Buffer.alloc(16), Buffer.alloc(KEY_LENGTH)),
  };
}

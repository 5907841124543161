// Passwords are checked outside the input's transaction: a hash takes CPU time during which
// the transaction would hold a pool connection and row locks (the conversation's, the
// user's), and many logins at once would starve every other chat of connections.
//
// Inside the transaction the hasher given to the commands only knows the checks made
// before it: a check it has not seen undoes the transaction (PasswordCheckNeeded), the
// engine checks that password against that hash with no transaction open, and runs the input
// again. Whatever else the command decides (failures counted, a lock) it decides again under
// its row lock with the stored record as it is then; only the hash's verdict comes from
// outside, and only for the very hash it was checked against, so a password changed in
// between is checked again.
import type { PasswordHasher } from '../domain/ports';

/** Raised inside a transaction by a password check not made yet; it carries no secret in its message. */
export class PasswordCheckNeeded extends Error {
  readonly #password: string;
  readonly #hash: string;
  constructor(password: string, hash: string) {
    super('a password is checked outside the transaction, which is run again');
    this.name = 'PasswordCheckNeeded';
    this.#password = password;
    this.#hash = hash;
  }

  /** Checks the password with the real hasher: to be called with no transaction open. */
  check(hasher: PasswordHasher): Promise<{ password: string; hash: string; matches: boolean }> {
    return hasher.verify(this.#password, this.#hash).then((matches) => ({ password: this.#password, hash: this.#hash, matches }));
  }
}

/** The password checks of one input, made outside its transaction. */
export interface PasswordChecks {
  /** The hasher for the transaction: it answers the checks made, and raises PasswordCheckNeeded for others. */
  readonly hasher: PasswordHasher;
  /** Makes the check a transaction asked for (outside it). */
  make(needed: PasswordCheckNeeded): Promise<void>;
}

/** Password checks for one input, made with `real`. */
export function passwordChecks(real: PasswordHasher): PasswordChecks {
  // By hash, then password: a Map of Maps, so that no separator could make two pairs one key.
  const made = new Map<string, Map<string, boolean>>();
  return {
    hasher: {
      dummyHash: real.dummyHash,
      hash: (password) => real.hash(password),
      async verify(password, hash) {
        const verdict = made.get(hash)?.get(password);
        if (verdict === undefined) throw new PasswordCheckNeeded(password, hash);
        return verdict;
      },
    },
    async make(needed) {
      const { password, hash, matches } = await needed.check(real);
      const forHash = made.get(hash) ?? new Map<string, boolean>();
      forHash.set(password, matches);
      made.set(hash, forHash);
    },
  };
}

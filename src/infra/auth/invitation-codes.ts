import { createHash, randomBytes } from 'node:crypto';
import type { InvitationCodes } from '../../domain/admin/ports';

// Crockford-like base32 without 0/1/O/I: easy to read out and to type, and valid in a Telegram
// start parameter. 20 characters are 100 random bits, so a fast hash is enough to keep.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE = /^(?:\/start\s+)?(INV-[A-HJ-NP-Z2-9]{20})$/;

/** Codes like INV-K7QHM2XP94TAB3CDEFGH, kept as their SHA-256. */
export function invitationCodes(random: (size: number) => Uint8Array = randomBytes): InvitationCodes {
  return {
    issue() {
      return `INV-${[...random(20)].map((b) => ALPHABET[b % 32]).join('')}`;
    },
    hashOf(typed) {
      const match = CODE.exec(typed.trim().toUpperCase().replace(/^\/START/, '/start'));
      return match ? createHash('sha256').update(match[1] as string).digest('hex') : undefined;
    },
  };
}

/** Whether a text is a code (or `/start <code>`), as the login step recognises one. */
export function looksLikeInvitationCode(text: string): boolean {
  return CODE.test(text.trim().toUpperCase().replace(/^\/START/, '/start'));
}

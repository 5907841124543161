// The English grammar of stated intents: what a typed text says, in many phrasings, and the
// texts that must not be taken for an intent.
import { describe, expect, it } from 'vitest';
import type { Intent, Understood } from '../../../src/conversation/intents/intent';
import { t } from '../../../src/conversation/wording';

const KEY = '7Q2M-4K8P-ZX3N-1A9B';
const PERP = 'P4RP-7TNE-3L6S-9FWA';
const H3 = 'H3LT-9W2E-6RQ1-PK7V';

const stated = (intent: Intent): Understood => ({ strength: 'stated', intent });
const mentioned = (key: string): Understood => ({ strength: 'mentioned', intent: { kind: 'open_key', key } });

const TABLE: Array<[string, Understood]> = [
  // A key alone, in any case, with spaces or dashes or neither.
  [KEY, mentioned(KEY)],
  ['7q2m-4k8p-zx3n-1a9b', mentioned(KEY)],
  ['7q2m 4k8p zx3n 1a9b', mentioned(KEY)],
  ['7Q2M4K8PZX3N1A9B', mentioned(KEY)],
  ['  7q2m - 4k8p - zx3n - 1a9b  ', mentioned(KEY)],
  ['what about 7q2m 4k8p zx3n 1a9b?', mentioned(KEY)],
  [`Can you check ${KEY} for me`, mentioned(KEY)],
  [`${KEY} please`, mentioned(KEY)],
  // A new license's years beyond the first (which is included) are additional: 1 more is 2 in all.
  ['buy 1 pro 16 with 1 additional year', stated({ kind: 'new_license', quantity: 1, edition: 'professional', sc: 16, years: 2 })],
  ['buy 2 professional 16 sc with one extra year', stated({ kind: 'new_license', quantity: 2, edition: 'professional', sc: 16, years: 2 })],
  ['buy 1 enterprise 32 plus 2 years', stated({ kind: 'new_license', quantity: 1, edition: 'enterprise', sc: 32, years: 3 })],
  ['buy 1 pro 8 4 additional years', stated({ kind: 'new_license', quantity: 1, edition: 'professional', sc: 8, years: 5 })],
  ['buy 1 pro 8 1 year extra', stated({ kind: 'new_license', quantity: 1, edition: 'professional', sc: 8, years: 2 })],
  ['buy 1 pro 8 for 2 years', stated({ kind: 'new_license', quantity: 1, edition: 'professional', sc: 8, years: 2 })],
  // A renewal's years are all added to the term.
  [`renew ${KEY} for 2 more years`, stated({ kind: 'renew', key: KEY, years: 2 })],
  // Renew annual.
  [`renew ${KEY}`, stated({ kind: 'renew', key: KEY })],
  [`renew ${KEY} for 2 years`, stated({ kind: 'renew', key: KEY, years: 2 })],
  [`Renew ${KEY.toLowerCase()} for 2 years`, stated({ kind: 'renew', key: KEY, years: 2 })],
  [`RENEW   7q2m 4k8p zx3n 1a9b   FOR 3 YEARS`, stated({ kind: 'renew', key: KEY, years: 3 })],
  [`renew ${KEY} 2 years`, stated({ kind: 'renew', key: KEY, years: 2 })],
  [`renew ${KEY} 2y`, stated({ kind: 'renew', key: KEY, years: 2 })],
  [`renew ${KEY} 2yrs`, stated({ kind: 'renew', key: KEY, years: 2 })],
  [`renew ${KEY} for two years`, stated({ kind: 'renew', key: KEY, years: 2 })],
  [`renew ${KEY} for a year`, stated({ kind: 'renew', key: KEY, years: 1 })],
  [`renew license ${KEY} for 1 year.`, stated({ kind: 'renew', key: KEY, years: 1 })],
  [`please renew ${KEY} for 2 years`, stated({ kind: 'renew', key: KEY, years: 2 })],
  [`I want to renew ${KEY}`, stated({ kind: 'renew', key: KEY })],
  [`extend ${KEY} by 2 years`, stated({ kind: 'renew', key: KEY, years: 2 })],
  [`renew ${KEY} for 7 years`, stated({ kind: 'renew', key: KEY, years: 7 })],
  [`renew ${KEY} 2`, stated({ kind: 'renew', key: KEY, years: 2 })],
  ['renew', stated({ kind: 'renew' })],
  ['renew for 2 years', stated({ kind: 'renew', years: 2 })],
  // Renew maintenance.
  [`renew maintenance of ${PERP}`, stated({ kind: 'renew_maintenance', key: PERP })],
  [`renew maintenance of ${PERP} 2 years`, stated({ kind: 'renew_maintenance', key: PERP, years: 2 })],
  [`renew maintenance for ${PERP} for 3 years`, stated({ kind: 'renew_maintenance', key: PERP, years: 3 })],
  [`renew the maintenance of p4rp 7tne 3l6s 9fwa`, stated({ kind: 'renew_maintenance', key: PERP })],
  [`renew ${PERP} maintenance 1 year`, stated({ kind: 'renew_maintenance', key: PERP, years: 1 })],
  ['renew maintenance', stated({ kind: 'renew_maintenance' })],
  // Upgrade.
  [`upgrade ${H3} to 32`, stated({ kind: 'upgrade', key: H3, sc: 32 })],
  [`upgrade ${H3} to 32 SC`, stated({ kind: 'upgrade', key: H3, sc: 32 })],
  [`upgrade ${H3} to 32sc`, stated({ kind: 'upgrade', key: H3, sc: 32 })],
  [`upgrade ${H3} to 32 calls`, stated({ kind: 'upgrade', key: H3, sc: 32 })],
  [`upgrade ${H3} to 32 simultaneous calls`, stated({ kind: 'upgrade', key: H3, sc: 32 })],
  [`upgrade ${H3} to enterprise`, stated({ kind: 'upgrade', key: H3, edition: 'enterprise' })],
  [`upgrade ${H3} to enterprise 32`, stated({ kind: 'upgrade', key: H3, edition: 'enterprise', sc: 32 })],
  [`upgrade ${H3} to Enterprise to 64 SC`, stated({ kind: 'upgrade', key: H3, edition: 'enterprise', sc: 64 })],
  [`Upgrade h3lt 9w2e 6rq1 pk7v to ENT 16`, stated({ kind: 'upgrade', key: H3, edition: 'enterprise', sc: 16 })],
  [`upgrade ${H3}`, stated({ kind: 'upgrade', key: H3 })],
  ['upgrade', stated({ kind: 'upgrade' })],
  ['upgrade to 32', stated({ kind: 'upgrade', sc: 32 })],
  // New licenses: N years counts the first year, as the years prompt does.
  ['buy 3 pro 16', stated({ kind: 'new_license', quantity: 3, edition: 'professional', sc: 16 })],
  ['Buy 3 Pro 16', stated({ kind: 'new_license', quantity: 3, edition: 'professional', sc: 16 })],
  ['buy   3   pro   16  ', stated({ kind: 'new_license', quantity: 3, edition: 'professional', sc: 16 })],
  ['buy 3 pro 16 for 2 years', stated({ kind: 'new_license', quantity: 3, edition: 'professional', sc: 16, years: 2 })],
  ['buy 3x professional 16sc 2y', stated({ kind: 'new_license', quantity: 3, edition: 'professional', sc: 16, years: 2 })],
  ['buy 2 licenses enterprise 32 sc', stated({ kind: 'new_license', quantity: 2, edition: 'enterprise', sc: 32 })],
  ['new enterprise 8 sc', stated({ kind: 'new_license', edition: 'enterprise', sc: 8 })],
  ['new startup', stated({ kind: 'new_license', edition: 'startup' })],
  ['new license', stated({ kind: 'new_license' })],
  ['new', stated({ kind: 'new_license' })],
  ['buy pro 16 3 licenses', stated({ kind: 'new_license', edition: 'professional', sc: 16, quantity: 3 })],
  ['buy 51 pro 16', stated({ kind: 'new_license', quantity: 51, edition: 'professional', sc: 16 })],
  ['buy pro 17', stated({ kind: 'new_license', edition: 'professional', sc: 17 })],
  ['order 1 startup 4 sc for 1 year', stated({ kind: 'new_license', quantity: 1, edition: 'startup', sc: 4, years: 1 })],
  ['I would like to buy 2 pro 8', stated({ kind: 'new_license', quantity: 2, edition: 'professional', sc: 8 })],
  ['buy 3', stated({ kind: 'new_license', quantity: 3 })],
  // Where approval requests go.
  ['approvals here', stated({ kind: 'approvals_chat', here: true })],
  ['Send approval requests to this channel', stated({ kind: 'approvals_chat', here: true })],
  ['approvals by direct message', stated({ kind: 'approvals_chat', here: false })],
  ['approval requests privately', stated({ kind: 'approvals_chat', here: false })],
  // Places.
  ['buy', stated({ kind: 'go', to: 'buy' })],
  ['cart', stated({ kind: 'go', to: 'cart' })],
  ['show my cart', stated({ kind: 'go', to: 'cart' })],
  ['View Cart', stated({ kind: 'go', to: 'cart' })],
  ['basket', stated({ kind: 'go', to: 'cart' })],
  ['checkout', stated({ kind: 'go', to: 'checkout' })],
  ['check out', stated({ kind: 'go', to: 'checkout' })],
  ['go to checkout', stated({ kind: 'go', to: 'checkout' })],
  ['place order', stated({ kind: 'go', to: 'checkout' })],
  ['invoices', stated({ kind: 'go', to: 'invoices' })],
  ['my invoices', stated({ kind: 'go', to: 'invoices' })],
  ['orders', stated({ kind: 'go', to: 'orders' })],
  ['my orders', stated({ kind: 'go', to: 'orders' })],
  ['show my previous orders', stated({ kind: 'go', to: 'orders' })],
  ['order history', stated({ kind: 'go', to: 'orders' })],
  ['order 12', stated({ kind: 'open_order', number: 12 })],
  ['Order #12', stated({ kind: 'open_order', number: 12 })],
  ['open order no. 7', stated({ kind: 'open_order', number: 7 })],
  ['show my order number 3', stated({ kind: 'open_order', number: 3 })],
  ['order 2 pro', stated({ kind: 'new_license', quantity: 2, edition: 'professional' })],
  ['order', stated({ kind: 'go', to: 'buy' })],
  ['customers', stated({ kind: 'go', to: 'customers' })],
  ['my end customers', stated({ kind: 'go', to: 'customers' })],
  ['show my clients', stated({ kind: 'go', to: 'customers' })],
  ['My licenses', stated({ kind: 'go', to: 'licenses' })],
  ['show my licences', stated({ kind: 'go', to: 'licenses' })],
  ['licenses', stated({ kind: 'go', to: 'licenses' })],
  ['expiring', stated({ kind: 'go', to: 'expiring' })],
  ['Expiring licenses', stated({ kind: 'go', to: 'expiring' })],
  ['what is expiring soon?', stated({ kind: 'go', to: 'expiring' })],
  ['renewals due', stated({ kind: 'go', to: 'expiring' })],
  ['expired licenses', stated({ kind: 'go', to: 'expiring' })],
  ['Lapsed keys', stated({ kind: 'go', to: 'expiring' })],
  ['licenses to renew', stated({ kind: 'go', to: 'expiring' })],
  ['log out', stated({ kind: 'go', to: 'logout' })],
  ['Logout', stated({ kind: 'go', to: 'logout' })],
  ['sign out', stated({ kind: 'go', to: 'logout' })],
  ['dashboard', stated({ kind: 'go', to: 'dashboard' })],
  ['main menu', stated({ kind: 'go', to: 'menu' })],
];

// Texts that state nothing: words that do not fit, four short words that are no key, a long
// word, a key in a sentence that is not a request (only the key is recognised then).
const NOTHING: string[] = [
  'hello', 'thanks!', 'what does this mean', 'renew my coffee subscription', 'buy 3 pizzas', 'upgrade my fridge to 32',
  'characterizations', 'internationalization', 'WELCOME10', 'FIXED50', '42', 'yes', 'no', 'I want pizza', 'buy buy buy',
  'renew renew', 'upgrade 16 sc for 2 years', 'buy 3 pro 16 for 2 years maintenance', 'new 3 pro 16 17', '',
  'what time is it', 'ABCD EFGH IJKL MNOP', '7Q2M-4K8P-ZX3N-1A9B-X', '7Q2M_4K8P_ZX3N_1A9B',
];

describe('the English grammar of intents', () => {
  it.each(TABLE)('%s', (text, expected) => {
    expect(t.understand(text)).toEqual(expected);
  });

  it.each(NOTHING)('"%s" states nothing', (text) => {
    expect(t.understand(text)).toBeUndefined();
  });

  it('a key in words that are not a request is only mentioned, and words around a key that do not fit are not an intent', () => {
    expect(t.understand(`renew my dog ${KEY}`)).toEqual(mentioned(KEY));
    expect(t.understand(`buy ${KEY}`)).toEqual(mentioned(KEY));
    expect(t.understand(`upgrade ${KEY} for 2 years`)).toEqual(mentioned(KEY));
  });

  it('has at least 60 phrasings that match and a dozen that must not', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
    expect(NOTHING.length).toBeGreaterThanOrEqual(12);
  });

  it('names editions by their common short words', () => {
    expect(['pro', 'Professional', ' PROF ', 'enterprise', 'ent', 'startup', 'start-up'].map((w) => t.editionNamed(w))).toEqual([
      'professional', 'professional', 'professional', 'enterprise', 'enterprise', 'startup', 'startup',
    ]);
    expect(t.editionNamed('platinum')).toBeUndefined();
  });
});

// An end customer's email address as typed: one address kept as typed (trimmed), a word that
// takes it away, or refused.
import { describe, expect, it } from 'vitest';
import { endCustomerEmail } from '../../../../src/domain/accounts/end-customer-email';

describe('endCustomerEmail', () => {
  it('keeps one address, trimmed', () => {
    expect(endCustomerEmail('  it@harbor-dental.example ')).toEqual({ email: 'it@harbor-dental.example' });
    expect(endCustomerEmail('first.last+tag@mail.example.co.uk')).toEqual({ email: 'first.last+tag@mail.example.co.uk' });
  });

  it('"none", "remove" or "-" take the address away', () => {
    for (const word of ['none', 'NONE', ' No email ', 'remove', '-']) expect(endCustomerEmail(word), word).toEqual({ email: null });
  });

  it('refuses what is not one address: blanks, no @ or domain, two addresses, spaces, brackets, line breaks, too long', () => {
    for (const text of ['', '   ', 'it at globex', 'it@globex', '@globex.example', 'it@', 'a@b@c.example', 'a@b.example, c@d.example', 'a b@c.example',
      'Jan <jan@c.example>', 'jan@c.example\nBcc: x@y.example', 'jan@c..example', 'jan@c.example.', `${'x'.repeat(250)}@c.example`]) {
      expect(endCustomerEmail(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});

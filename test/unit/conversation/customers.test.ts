// The Customers flow's steps for an end customer's email and its deletion: the buttons by role,
// the email asked and checked, the deletion confirmed (refused at once when its licenses are in
// view), and each answer of the domain said with the step that follows.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import type { EndCustomer } from '../../../src/domain/accounts/accounts';
import { answer, expectCommand, expectRefused, expectShown, expectStale, labelsOf, message, press, said, type } from './drive';
import { anAnnualLicense, asRole, aState } from './states';

const RESELLER = 'a0000000-0000-4000-8000-0000000000c1';
const globex: EndCustomer = { id: 'a0000000-0000-4000-8000-0000000000e2', resellerId: RESELLER, company: 'Globex', email: 'it@globex.example' };
const noLicenses = aState({ name: 'customer', customer: globex, page: 0, total: 0, licenses: [] });
const withLicense = aState({ name: 'customer', customer: globex, page: 0, total: 1, licenses: [anAnnualLicense({ customerName: 'Globex' })] });

describe('an end customer\'s card', () => {
  it('shows its email, and Rename, Change email and Delete to owner and purchase users', () => {
    expect(message(noLicenses).text).toBe('Globex has no licenses yet.\nEmail: it@globex.example');
    expect(message(aState({ ...noLicenses.step, customer: { ...globex, email: null } } as never)).text).toBe('Globex has no licenses yet.');
    for (const role of ['owner', 'purchase'] as const) expect(labelsOf(message(asRole(noLicenses, role)))).toEqual(['Rename', 'Change email', 'Delete', '« Customers', 'Main menu']);
  });

  it('sales and support get neither, and a forged press of either is refused by role', () => {
    for (const role of ['sales', 'support'] as const) {
      const state = asRole(noLicenses, role);
      expect(labelsOf(message(state))).toEqual(['« Customers', 'Main menu']);
      expectRefused(state, press(state, 'customers.email'), t.notAllowed(role));
      expectRefused(state, press(state, 'customers.delete'), t.notAllowed(role));
    }
  });
});

describe('Change email', () => {
  const asking = aState({ name: 'customer_email', customer: globex });

  it('asks the address, saying the one it has and that "none" removes it', () => {
    expectShown(noLicenses, press(noLicenses, 'customers.email'), { name: 'customer_email', customer: globex });
    expect(message(asking).text).toBe('Type the email address of Globex (now it@globex.example), or "none" to remove it.');
    expect(message(aState({ name: 'customer_email', customer: { ...globex, email: null } })).text).toBe('Type the email address of Globex (it has none).');
  });

  it('an address or "none" asks the domain; anything else is said and asked again, nothing asked', () => {
    expectCommand(asking, type(asking, ' ops@globex.example '), { kind: 'customer_email', customerId: globex.id, email: 'ops@globex.example' });
    expectCommand(asking, type(asking, 'None'), { kind: 'customer_email', customerId: globex.id, email: 'None' });
    const bad = type(asking, 'ops at globex');
    expect(bad.command).toBeNull();
    expect(said(bad)).toContain(t.customers.invalidEmail);
    expect(bad.state.step).toEqual(asking.step);
  });

  it('/back returns to the customer', () => {
    expectCommand(asking, type(asking, '/back'), { kind: 'customer_licenses', customerId: globex.id, page: 0 });
  });

  it('the answers: changed or removed said with the customer, unchanged said, not yours to the list, a role refused', () => {
    const changed = answer(asking, { kind: 'customer_email_changed', customerId: globex.id, result: { kind: 'changed', customer: { ...globex, email: 'ops@globex.example' }, before: 'it@globex.example' } });
    expect(changed.command).toEqual({ kind: 'customer_licenses', customerId: globex.id, page: 0 });
    expect(said(changed)).toBe('The email address of Globex is now ops@globex.example.');
    const removed = answer(asking, { kind: 'customer_email_changed', customerId: globex.id, result: { kind: 'changed', customer: { ...globex, email: null }, before: 'it@globex.example' } });
    expect(said(removed)).toBe('Globex has no email address now.');
    expect(said(answer(asking, { kind: 'customer_email_changed', customerId: globex.id, result: { kind: 'unchanged', customer: globex } }))).toBe('Globex has that email address already; nothing was changed.');
    const gone = answer(asking, { kind: 'customer_email_changed', customerId: globex.id, result: { kind: 'not_found' } });
    expect(gone.command).toEqual({ kind: 'customer_list', page: 0 });
    expect(said(gone)).toBe(t.customers.notYours);
    expectRefused(asking, answer(asking, { kind: 'customer_email_changed', customerId: globex.id, result: { kind: 'not_allowed' } }), t.notAllowed('owner'));
  });
});

describe('Delete', () => {
  const confirming = aState({ name: 'customer_delete_confirm', customer: globex });

  it('asks a confirmation that says orders and invoices keep its name', () => {
    expectShown(noLicenses, press(noLicenses, 'customers.delete'), { name: 'customer_delete_confirm', customer: globex });
    expect(message(confirming).text).toBe('Delete the end customer Globex? It disappears from your lists; your orders and invoices that name it keep its name.');
    expect(labelsOf(message(confirming))).toEqual(['Yes, delete it', 'No']);
  });

  it('a customer whose licenses are in view is refused at once, saying to move them first', () => {
    const out = press(withLicense, 'customers.delete');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe('Globex still has 1 license, so it was not deleted. Move it to another end customer first (open each license, then Change end customer), then delete Globex.');
    expect(out.state.step).toEqual(withLicense.step);
  });

  it('Yes asks the domain; No changes nothing and shows the customer again', () => {
    expectCommand(confirming, press(confirming, 'customers.delete_yes'), { kind: 'customer_delete', customerId: globex.id });
    const no = press(confirming, 'customers.delete_no');
    expect(no.command).toEqual({ kind: 'customer_licenses', customerId: globex.id, page: 0 });
    expect(said(no)).toBe(t.customers.notChanged);
    expectStale(confirming, press(confirming, 'customers.yes'));
  });

  it('the answers: deleted said with the list, licenses found meanwhile said with the customer, not yours to the list, a role refused', () => {
    const deleted = answer(confirming, { kind: 'customer_deleted', customerId: globex.id, result: { kind: 'deleted', customer: globex } });
    expect(deleted.command).toEqual({ kind: 'customer_list', page: 0 });
    expect(said(deleted)).toBe('Deleted Globex. Orders and invoices that name it keep its name; adding Globex again brings it back.');
    const held = answer(confirming, { kind: 'customer_deleted', customerId: globex.id, result: { kind: 'has_licenses', customer: globex, licenses: 2 } });
    expect(held.command).toEqual({ kind: 'customer_licenses', customerId: globex.id, page: 0 });
    expect(said(held)).toMatch(/^Globex still has 2 licenses, so it was not deleted\. Move them to another end customer first/);
    const gone = answer(confirming, { kind: 'customer_deleted', customerId: globex.id, result: { kind: 'not_found' } });
    expect(said(gone)).toBe(t.customers.notYours);
    expectRefused(confirming, answer(confirming, { kind: 'customer_deleted', customerId: globex.id, result: { kind: 'not_allowed' } }), t.notAllowed('owner'));
  });
});

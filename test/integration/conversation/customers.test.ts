// Customers through the JSONL console on the demo data: a reseller's end customers listed with
// their licenses, added and renamed, and a license given another end customer; what each role
// may do; and only the reseller's own customers and licenses, even from a forged state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffDesk } from '../../../src/infra/store/staff-desk';
import { consoleSession } from '../../support/console-driver';
import { addToCart, clearCart, labels, lastText, loggedInChat, newLicenseSummary, placeOfflineOrder, savedState, textOf, toMenu, type Chat, type Messages } from '../../support/console-flows';

const REFUSED = (role: string) => `Your role (${role}) does not allow that. Ask an owner of your company if you need it.`;
const INVALID_NAME = 'Sorry, I did not understand that. A company name needs 2 to 200 characters on one line. Type the company name.';
/** The first line said (a refusal, before the step is shown again). */
const firstText = (messages: Messages) => (messages[0]?.text ?? '').split('\n')[0];

describe('Customers', () => {
  let chat: Chat;
  let acmeId: string;
  beforeAll(async () => {
    chat = await loggedInChat('demo');
    acmeId = (await chat.demo.knex('resellers').where({ partner_id: '100001' }).first('id')).id;
  });
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
  });

  const customerRow = (company: string, resellerId = acmeId) => chat.demo.knex('end_customers').where({ reseller_id: resellerId }).whereRaw('lower(company) = lower(?)', [company]).first();
  const licenseOf = async (company: string, resellerId = acmeId) => {
    const customer = await customerRow(company, resellerId);
    return chat.demo.knex('licenses').where({ end_customer_id: customer.id }).first();
  };
  /** Puts the conversation at `step` as if its stored state had been tampered with. */
  async function forge(on: Chat, step: Record<string, unknown>) {
    await on.demo.knex('conversations').where({ channel: on.key.channel, chat_id: on.key.chatId, external_user_id: on.key.userId })
      .update({ state: on.demo.knex.raw(`jsonb_set(state, '{step}', ?::jsonb)`, [JSON.stringify(step)]) });
  }
  /** The same, then a press of `action` (`flow.verb[.arg]`) there. */
  async function forgeAndPress(on: Chat, step: Record<string, unknown>, action: string) {
    await forge(on, step);
    const { nonce } = await savedState(on.demo, on.key);
    return on.pressId(`${nonce.toString(36)}:${action}`);
  }
  async function openCustomer(on: Chat, company: string) {
    await toMenu(on);
    let page = await on.press('Customers');
    while (!labels(page).includes(company)) page = await on.press('Next ›');
    return on.press(company);
  }

  describe('an owner', () => {
    it('lists the end customers from the main menu, paged, each with its number of licenses', async () => {
      await toMenu(chat);
      const first = await chat.press('Customers');
      expect(lastText(first)).toBe([
        'Your end customers (1–5 of 6):', '1. City Library — 1 license', '2. Harbor Dental — 1 license', '3. Mega Corp — 1 license', '4. Nordic Freight — 1 license', '5. Old Mill Hotel — 1 license',
      ].join('\n'));
      expect(labels(first)).toEqual(['City Library', 'Harbor Dental', 'Mega Corp', 'Nordic Freight', 'Old Mill Hotel', 'Next ›', '+ New customer', 'Main menu']);
      const second = await chat.press('Next ›');
      expect(lastText(second)).toBe('Your end customers (6–6 of 6):\n6. Tiny Bakery — 1 license');
      expect(lastText(await chat.send('customers'))).toMatch(/^Your end customers \(1–5 of 6\)/);
    });

    it('opens one to see its licenses, and a license from there opens its card', async () => {
      const license = await licenseOf('Harbor Dental');
      const customer = await openCustomer(chat, 'Harbor Dental');
      expect(lastText(customer)).toMatch(new RegExp(`^Harbor Dental — 1 license:\\n1\\. ${license.license_key} — `));
      expect(labels(customer)).toEqual([`Open ${license.license_key.slice(0, 4)}…`, 'Rename', 'Change email', 'Delete', '« Customers', 'Main menu']);
      expect(lastText(customer)).toMatch(/\nEmail: it@harbor-dental\.example$/);
      const card = await chat.press(/^Open /);
      expect(lastText(card)).toMatch(new RegExp(`^License ${license.license_key}\\n[\\s\\S]*End customer: Harbor Dental$`));
    });

    it('adds an end customer; the same name again is the one there already, as while buying', async () => {
      await toMenu(chat);
      await chat.press('Customers');
      expect(lastText(await chat.press('+ New customer'))).toBe('Type the company name of the new end customer.');
      const added = await chat.send('  Clinic Nova  ');
      expect(textOf(added)).toBe('Added Clinic Nova to your end customers.\nClinic Nova has no licenses yet.');
      expect(await customerRow('Clinic Nova')).toMatchObject({ company: 'Clinic Nova' });

      await chat.press('« Customers');
      await chat.press('+ New customer');
      expect(textOf(await chat.send('harbor DENTAL'))).toMatch(/^Harbor Dental is one of your end customers already\.\nHarbor Dental — 1 license:/);
      expect(await chat.demo.knex('end_customers').where({ reseller_id: acmeId }).whereRaw("lower(company) = 'harbor dental'")).toHaveLength(1);
    });

    it('a name too short, too long, with a line break or a control character is refused, and nothing is added', async () => {
      await toMenu(chat);
      await chat.press('Customers');
      await chat.press('+ New customer');
      const before = await chat.demo.knex('end_customers').where({ reseller_id: acmeId }).count('* as n').first();
      expect(firstText(await chat.send('X'))).toBe(INVALID_NAME);
      expect(firstText(await chat.send('Y'.repeat(201)))).toBe(INVALID_NAME);
      expect(firstText(await chat.send('Two\nLines Ltd'))).toBe(INVALID_NAME);
      expect(textOf(await chat.send('Bell\u0007 Ltd'))).toMatch(/control characters/i);
      expect(await chat.demo.knex('end_customers').where({ reseller_id: acmeId }).count('* as n').first()).toEqual(before);
    });

    it('a line break in a new license\'s end customer is refused too (one check for both)', async () => {
      await toMenu(chat);
      await chat.send('buy 1 pro 4 for 1 year');
      await chat.press('+ New customer');
      expect(firstText(await chat.send('Two\nLines Ltd'))).toBe(INVALID_NAME);
    });

    it('renames one (kept in the audit log); a name another customer has is refused', async () => {
      const clinic = await customerRow('Clinic Nova');
      await openCustomer(chat, 'Clinic Nova');
      expect(lastText(await chat.press('Rename'))).toBe('Type the new company name of Clinic Nova.');
      expect(firstText(await chat.send('nordic freight'))).toBe('Another of your end customers is named nordic freight already; nothing was changed. Type another name.');
      expect(firstText(await chat.send('Two\nLines'))).toBe(INVALID_NAME);
      const renamed = await chat.send('Clinic Nova Group');
      expect(textOf(renamed)).toBe('Renamed Clinic Nova to Clinic Nova Group.\nClinic Nova Group has no licenses yet.');
      expect((await chat.demo.knex('end_customers').where({ id: clinic.id }).first()).company).toBe('Clinic Nova Group');
      const audit = await chat.demo.knex('audit_log').where({ action: 'customer.renamed', subject: `customer:${clinic.id}` }).first();
      expect(audit.details).toMatchObject({ before: { company: 'Clinic Nova' }, after: { company: 'Clinic Nova Group' } });
    });

    it('changes a license\'s end customer from its card after a confirmation, recorded where staff\'s Move license records it', async () => {
      const license = await licenseOf('Harbor Dental');
      const nordic = await customerRow('Nordic Freight');
      await toMenu(chat);
      const card = await chat.send(license.license_key);
      expect(labels(card)).toContain('Change end customer');
      const choose = await chat.press('Change end customer');
      expect(lastText(choose)).toBe(`License ${license.license_key} is for Harbor Dental. Which end customer should it be for? Choose one or add a new one.`);
      expect(labels(choose)).not.toContain('Harbor Dental');
      expect(lastText(await chat.press('Nordic Freight'))).toBe(`Change the end customer of license ${license.license_key} from Harbor Dental to Nordic Freight?`);
      expect(textOf(await chat.press('No'))).toMatch(/^Nothing was changed\./);
      expect((await chat.demo.knex('licenses').where({ id: license.id }).first()).end_customer_id).toBe(license.end_customer_id);

      await chat.press('Change end customer');
      await chat.press('Nordic Freight');
      const done = await chat.press('Yes, change it');
      expect(textOf(done)).toMatch(new RegExp(`^License ${license.license_key} is now for Nordic Freight\\.\\nLicense ${license.license_key}\\n[\\s\\S]*End customer: Nordic Freight$`));
      expect((await chat.demo.knex('licenses').where({ id: license.id }).first()).end_customer_id).toBe(nordic.id);
      const user = await chat.demo.knex('reseller_users').where({ username: 'demo' }).first('id');
      const audit = await chat.demo.knex('audit_log').where({ subject: `license:${license.id}` }).orderBy('id', 'desc').first();
      expect(audit).toMatchObject({ actor: `user:${user.id}`, action: 'license.customer_changed', details: { key: license.license_key, before: { resellerId: acmeId, customerId: license.end_customer_id }, after: { resellerId: acmeId, customerId: nordic.id } } });
      // Staff read it on the license's card, with their own actions on it.
      const staffCard = await chat.demo.knex.transaction((trx) => staffDesk(trx).card('license', license.id));
      expect(staffCard && 'history' in staffCard ? staffCard.history.map((h) => [h.action, h.actorName]) : []).toEqual([['license.customer_changed', 'demo (Acme Telecom B.V.)']]);
    });

    it('gives a license a new end customer by name', async () => {
      const license = await licenseOf('Tiny Bakery');
      await toMenu(chat);
      await chat.send(license.license_key);
      await chat.press('Change end customer');
      await chat.press('+ New customer');
      expect(firstText(await chat.send('Y'))).toBe(INVALID_NAME);
      expect(lastText(await chat.send('Fresh Start Ltd'))).toBe(`Change the end customer of license ${license.license_key} from Tiny Bakery to Fresh Start Ltd?`);
      expect(textOf(await chat.press('Yes, change it'))).toMatch(/is now for Fresh Start Ltd\./);
      const fresh = await customerRow('Fresh Start Ltd');
      expect((await chat.demo.knex('licenses').where({ id: license.id }).first()).end_customer_id).toBe(fresh.id);
      expect(lastText(await openCustomer(chat, 'Fresh Start Ltd'))).toMatch(/^Fresh Start Ltd — 1 license:/);
    });
  });

  describe('email and deleting', () => {
    it('changes an end customer\'s email (a bad address said and asked again; "none" removes it), audited like a rename', async () => {
      const nordic = await customerRow('Nordic Freight');
      await openCustomer(chat, 'Nordic Freight');
      expect(lastText(await chat.press('Change email'))).toBe('Type the email address of Nordic Freight (now ops@nordic-freight.example), or "none" to remove it.');
      const bad = await chat.send('ops at nordic');
      expect(textOf(bad)).toContain('That is not one email address (like it@example.com, without spaces). Type the address, or "none" to remove it.');
      expect((await customerRow('Nordic Freight')).email).toBe('ops@nordic-freight.example');
      const changed = await chat.send(' it@nordic-freight.example ');
      expect(textOf(changed)).toMatch(/^The email address of Nordic Freight is now it@nordic-freight\.example\.\nNordic Freight — /);
      expect(lastText(changed)).toMatch(/\nEmail: it@nordic-freight\.example$/);
      expect((await customerRow('Nordic Freight')).email).toBe('it@nordic-freight.example');
      const user = await chat.demo.knex('reseller_users').where({ username: 'demo' }).first('id');
      expect(await chat.demo.knex('audit_log').where({ action: 'customer.email_changed', subject: `customer:${nordic.id}` }).first())
        .toMatchObject({ actor: `user:${user.id}`, details: { before: { email: 'ops@nordic-freight.example' }, after: { email: 'it@nordic-freight.example' } } });

      await chat.press('Change email');
      expect(textOf(await chat.send('it@nordic-freight.example'))).toMatch(/^Nordic Freight has that email address already; nothing was changed\./);
      await chat.press('Change email');
      const removed = await chat.send('none');
      expect(textOf(removed)).toMatch(/^Nordic Freight has no email address now\./);
      expect(lastText(removed)).not.toMatch(/Email:/);
      expect((await customerRow('Nordic Freight')).email).toBeNull();
      expect(await chat.demo.knex('audit_log').where({ action: 'customer.email_changed', subject: `customer:${nordic.id}` })).toHaveLength(2);
    });

    it('refuses to delete an end customer that has licenses, saying to move them first; nothing changes', async () => {
      const mega = await customerRow('Mega Corp');
      const customer = await openCustomer(chat, 'Mega Corp');
      expect(lastText(customer)).toMatch(/^Mega Corp — 1 license:/);
      const refused = await chat.press('Delete');
      expect(textOf(refused)).toMatch(/^Mega Corp still has 1 license, so it was not deleted\. Move it to another end customer first \(open each license, then Change end customer\), then delete Mega Corp\.\nMega Corp — 1 license:/);
      // A confirmation from an older screen (its license moved there since) is refused by the use case too.
      const answer = await forgeAndPress(chat, { name: 'customer_delete_confirm', customer: { id: mega.id, resellerId: acmeId, company: 'Mega Corp', email: null } }, 'customers.delete_yes');
      expect(textOf(answer)).toMatch(/^Mega Corp still has 1 license, so it was not deleted\./);
      expect((await customerRow('Mega Corp')).archived_at).toBeNull();
      expect(await chat.demo.knex('audit_log').where({ action: 'customer.deleted', subject: `customer:${mega.id}` })).toHaveLength(0);
    });

    it('deletes one after a confirmation: gone from the lists, its order and invoice keep naming it, audited; added again it comes back', async () => {
      await toMenu(chat);
      await chat.press('Customers');
      await chat.press('+ New customer');
      await chat.send('Short Lived BV');
      await newLicenseSummary(chat, { edition: 'Professional', sc: 4, quantity: 1, years: 1, customer: { existing: 'Short Lived BV' } });
      await addToCart(chat);
      await placeOfflineOrder(chat);
      const short = await customerRow('Short Lived BV');
      const line = await chat.demo.knex('order_lines').where({ end_customer_id: short.id }).first('order_id');
      expect(line).toBeDefined();

      await openCustomer(chat, 'Short Lived BV');
      expect(lastText(await chat.press('Delete'))).toBe('Delete the end customer Short Lived BV? It disappears from your lists; your orders and invoices that name it keep its name.');
      expect(textOf(await chat.press('No'))).toMatch(/^Nothing was changed\.\nShort Lived BV has no licenses yet\./);
      await chat.press('Delete');
      const deleted = await chat.press('Yes, delete it');
      expect(textOf(deleted)).toMatch(/^Deleted Short Lived BV\. Orders and invoices that name it keep its name; adding Short Lived BV again brings it back\.\nYour end customers/);
      expect(textOf(deleted)).not.toMatch(/\d\. Short Lived BV/);
      const row = await chat.demo.knex('end_customers').where({ id: short.id }).first();
      expect(row.archived_at).toBeInstanceOf(Date);
      // The order keeps its end customer, and its invoice the name it was issued with.
      expect((await chat.demo.knex('order_lines').where({ order_id: line.order_id }).first()).end_customer_id).toBe(short.id);
      const invoice = await chat.demo.knex('invoices').where({ order_id: line.order_id }).first('details');
      expect(invoice.details.lines.map((l: { endCustomer: string | null }) => l.endCustomer)).toEqual(['Short Lived BV']);
      const user = await chat.demo.knex('reseller_users').where({ username: 'demo' }).first('id');
      expect(await chat.demo.knex('audit_log').where({ action: 'customer.deleted', subject: `customer:${short.id}` }).first())
        .toMatchObject({ actor: `user:${user.id}`, details: { before: { company: 'Short Lived BV', email: null }, after: null } });

      // Not offered while buying either, and a forged open of it is "not yours".
      await toMenu(chat);
      await chat.send('buy 1 pro 4 for 1 year');
      expect(labels(chat.transcript.slice(-1))).not.toContain('Short Lived BV');
      await toMenu(chat);
      await chat.press('Customers');
      const opened = await forgeAndPress(chat, { name: 'customer_list', page: 0, total: 1, items: [{ id: short.id, resellerId: acmeId, company: 'Short Lived BV', email: null, licenses: 0 }] }, 'customers.open.0');
      expect(textOf(opened)).toMatch(/^That end customer is not one of yours \(or no longer exists\); nothing was changed\./);
      // A second Yes (an older message) finds it gone and changes nothing.
      const again = await forgeAndPress(chat, { name: 'customer_delete_confirm', customer: { id: short.id, resellerId: acmeId, company: 'Short Lived BV', email: null } }, 'customers.delete_yes');
      expect(textOf(again)).toMatch(/^That end customer is not one of yours \(or no longer exists\)/);
      expect(await chat.demo.knex('audit_log').where({ action: 'customer.deleted', subject: `customer:${short.id}` })).toHaveLength(1);

      await toMenu(chat);
      await chat.press('Customers');
      await chat.press('+ New customer');
      expect(textOf(await chat.send('short lived bv'))).toMatch(/^Added short lived bv to your end customers\./);
      expect(await chat.demo.knex('end_customers').where({ id: short.id }).first('archived_at', 'company')).toEqual({ archived_at: null, company: 'short lived bv' });
    });
  });

  it('a cart line for an end customer deleted since shows none and is ordered without one', async () => {
    await clearCart(chat.demo);
    await newLicenseSummary(chat, { edition: 'Professional', sc: 4, quantity: 1, years: 1, customer: { typed: 'Gone Before Paying BV' } });
    await addToCart(chat);
    expect(lastText(await chat.send('/cart'))).toContain('End customer: Gone Before Paying BV');
    await openCustomer(chat, 'Gone Before Paying BV');
    await chat.press('Delete');
    await chat.press('Yes, delete it');
    expect(lastText(await chat.send('/cart'))).not.toContain('Gone Before Paying BV');
    const placed = await placeOfflineOrder(chat);
    const number = Number(/Order (\d+) is placed/.exec(textOf(placed))?.[1]);
    const order = await chat.demo.knex('orders').where({ reseller_id: acmeId, number }).first('id');
    expect(await chat.demo.knex('order_lines').where({ order_id: order.id }).pluck('end_customer_id')).toEqual([null]);
  });

  describe('only the reseller\'s own customers and licenses', () => {
    let bright: { customerId: string; licenseId: string; key: string; company: string };
    beforeAll(async () => {
      const brightId = (await chat.demo.knex('resellers').where({ partner_id: '100002' }).first('id')).id;
      const license = await licenseOf('Kent Logistics', brightId);
      bright = { customerId: license.end_customer_id, licenseId: license.id, key: license.license_key, company: 'Kent Logistics' };
    });
    const foreignCustomer = () => ({ id: bright.customerId, resellerId: acmeId, company: bright.company, email: null });

    it('another reseller\'s license in a forged confirmation is refused and stays as it was', async () => {
      const own = await licenseOf('Mega Corp');
      const nordic = await customerRow('Nordic Freight');
      const card = await chat.send(own.license_key);
      expect(lastText(card)).toMatch(/^License /);
      const forgedLicense = { id: bright.licenseId, key: own.license_key, resellerId: acmeId, customerId: null, customerName: null, edition: 'pro', sc: 4, type: 'annual', expiresOn: '2027-01-01', maintenanceUntil: null };
      const answer = await forgeAndPress(chat, { name: 'license_customer_confirm', license: forgedLicense, to: { customer: nordic } }, 'customers.yes');
      expect(textOf(answer)).toMatch(/^That license is not one of yours; nothing was changed\.\nMain menu/);
      expect((await chat.demo.knex('licenses').where({ id: bright.licenseId }).first()).end_customer_id).toBe(bright.customerId);
    });

    it('another reseller\'s end customer in a forged choice is refused and the license stays as it was', async () => {
      const own = await licenseOf('Mega Corp');
      const card = await chat.send(own.license_key);
      expect(lastText(card)).toMatch(/^License /);
      const { step } = await savedState(chat.demo, chat.key);
      const answer = await forgeAndPress(chat, { name: 'license_customer_confirm', license: (step as unknown as { license: unknown }).license, to: { customer: foreignCustomer() } }, 'customers.yes');
      expect(textOf(answer)).toMatch(/^That end customer is not one of yours \(or no longer exists\); nothing was changed\.\nLicense /);
      expect((await chat.demo.knex('licenses').where({ id: own.id }).first()).end_customer_id).toBe(own.end_customer_id);
    });

    it('another reseller\'s end customer cannot be opened or renamed', async () => {
      await toMenu(chat);
      await chat.press('Customers');
      const opened = await forgeAndPress(chat, { name: 'customer_list', page: 0, total: 1, items: [{ ...foreignCustomer(), licenses: 1 }] }, 'customers.open.0');
      expect(textOf(opened)).toMatch(/^That end customer is not one of yours \(or no longer exists\); nothing was changed\.\nYour end customers/);
      expect(textOf(opened)).not.toMatch(/Kent/);

      await forge(chat, { name: 'customer_name', purpose: { kind: 'rename', customer: foreignCustomer() } });
      const renamed = await chat.send('Taken Over Ltd');
      expect(textOf(renamed)).toMatch(/^That end customer is not one of yours/);
      expect((await chat.demo.knex('end_customers').where({ id: bright.customerId }).first()).company).toBe('Kent Logistics');
      expect(await chat.demo.knex('audit_log').where({ subject: `customer:${bright.customerId}` })).toHaveLength(0);
    });
  });

  describe('roles', () => {
    let sales: Chat;
    let support: Chat;
    beforeAll(async () => {
      sales = await loggedInChat('sales1', { demo: chat.demo, key: { chatId: 'sales', userId: 'sales' } });
      support = await loggedInChat('support1', { demo: chat.demo, key: { chatId: 'support', userId: 'support' } });
    });
    afterAll(async () => {
      await sales?.close();
      await support?.close();
    });

    it('sales list and add end customers (as while buying), but neither rename one nor change a license\'s', async () => {
      await toMenu(sales);
      const list = await sales.press('Customers');
      expect(labels(list)).toContain('+ New customer');
      await sales.press('+ New customer');
      expect(textOf(await sales.send('Sales Lead GmbH'))).toMatch(/^Added Sales Lead GmbH to your end customers\./);
      expect(labels(sales.transcript.slice(-1))).toEqual(['« Customers', 'Main menu']);

      const forgedRename = await sales.pressId(sales.buttonId('« Customers').replace(/customers\.list$/, 'customers.rename'));
      expect(textOf(forgedRename)).toMatch(new RegExp(`^${REFUSED('sales').replace(/[()]/g, '\\$&')}`));

      const license = await licenseOf('Old Mill Hotel');
      const card = await sales.send(license.license_key);
      expect(labels(card)).not.toContain('Change end customer');
      const { step } = await savedState(sales.demo, sales.key);
      const forgedChange = await sales.pressId(sales.buttonId('Main menu').replace(/nav\.menu$/, 'card.customer'));
      expect(textOf(forgedChange)).toMatch(/^Your role \(sales\) does not allow that/);

      // Even a state that offers the confirmation changes nothing: the use case checks the role again.
      const nordic = await customerRow('Nordic Freight');
      const forgedYes = await forgeAndPress(sales, { name: 'license_customer_confirm', license: (step as unknown as { license: unknown }).license, to: { customer: nordic } }, 'customers.yes');
      expect(textOf(forgedYes)).toMatch(/^Your role \(sales\) does not allow that/);
      expect((await chat.demo.knex('licenses').where({ id: license.id }).first()).end_customer_id).toBe(license.end_customer_id);
    });

    it('sales and support neither change an email nor delete: no buttons, a forged press or state changes nothing', async () => {
      const nordic = await customerRow('Nordic Freight');
      const forgedCustomer = { id: nordic.id, resellerId: acmeId, company: nordic.company, email: null };
      for (const [on, role] of [[sales, 'sales'], [support, 'support']] as const) {
        const customer = await openCustomer(on, 'Nordic Freight');
        expect(labels(customer)).not.toContain('Change email');
        expect(labels(customer)).not.toContain('Delete');
        for (const verb of ['email', 'delete']) {
          const forged = await on.pressId(on.buttonId('« Customers').replace(/customers\.list$/, `customers.${verb}`));
          expect(textOf(forged)).toMatch(new RegExp(`^Your role \\(${role}\\) does not allow that`));
          await openCustomer(on, 'Nordic Freight');
        }
        await forge(on, { name: 'customer_email', customer: forgedCustomer });
        expect(textOf(await on.send('forged@example.com'))).toMatch(/does not allow that/);
        await forge(on, { name: 'customer_delete_confirm', customer: forgedCustomer });
        const { nonce } = await savedState(on.demo, on.key);
        expect(textOf(await on.pressId(`${nonce.toString(36)}:customers.delete_yes`))).toMatch(/does not allow that/);
      }
      expect(await customerRow('Nordic Freight')).toMatchObject({ archived_at: null, email: null });
      expect(await chat.demo.knex('audit_log').where({ subject: `customer:${nordic.id}` }).whereIn('action', ['customer.deleted'])).toHaveLength(0);
    });

    it('a purchase user renames and changes as an owner does', async () => {
      const salesUser = await chat.demo.knex('reseller_users').where({ username: 'sales1' }).first();
      await chat.demo.knex('reseller_users').insert({ reseller_id: acmeId, username: 'buyer1', name: 'Pat Purchase', role: 'purchase', password_hash: salesUser.password_hash });
      const purchase = await consoleSession({ demo: chat.demo, key: { chatId: 'purchase', userId: 'purchase' } });
      try {
        expect(textOf(await purchase.login('buyer1', 'sales-pass-1'))).toMatch(/^Welcome, Pat Purchase/);
        await openCustomer(purchase, 'Sales Lead GmbH');
        await purchase.press('Rename');
        expect(textOf(await purchase.send('Sales Lead AG'))).toMatch(/^Renamed Sales Lead GmbH to Sales Lead AG\./);
        const license = await licenseOf('City Library');
        await purchase.send(license.license_key);
        await purchase.press('Change end customer');
        expect(labels(await purchase.press('Next ›'))).toContain('‹ Previous');
        await purchase.press('Sales Lead AG');
        expect(textOf(await purchase.press('Yes, change it'))).toMatch(/is now for Sales Lead AG\./);
        expect((await chat.demo.knex('licenses').where({ id: license.id }).first()).end_customer_id).toBe((await customerRow('Sales Lead AG')).id);
      } finally {
        await purchase.close();
      }
    });

    it('a sales user\'s rename from a tampered state changes nothing: the use case checks the role again', async () => {
      const nordic = await customerRow('Nordic Freight');
      await forge(sales, { name: 'customer_name', purpose: { kind: 'rename', customer: { id: nordic.id, resellerId: acmeId, company: nordic.company, email: null } } });
      expect(textOf(await sales.send('Nordic Cargo'))).toMatch(/^Your role \(sales\) does not allow that/);
      expect((await customerRow('Nordic Freight')).company).toBe('Nordic Freight');
    });

    it('support only look: the list and a customer\'s licenses, with no New customer, Rename or Change end customer', async () => {
      await toMenu(support);
      const list = await support.press('Customers');
      expect(lastText(list)).toMatch(/^Your end customers/);
      expect(labels(list)).not.toContain('+ New customer');
      const forgedAdd = await support.pressId(support.buttonId('City Library').replace(/customers\.open\.\d+$/, 'customers.add'));
      expect(textOf(forgedAdd)).toMatch(/^Your role \(support\) does not allow that/);
      await support.press('Customers');
      const customer = await support.press('Mega Corp');
      expect(lastText(customer)).toMatch(/^Mega Corp — 1 license:/);
      expect(labels(customer)).not.toContain('Rename');
      const forgedRename = await support.pressId(support.buttonId('« Customers').replace(/customers\.list$/, 'customers.rename'));
      expect(textOf(forgedRename)).toMatch(/^Your role \(support\) does not allow that/);

      const before = await chat.demo.knex('end_customers').where({ reseller_id: acmeId }).count('* as n').first();
      await forge(support, { name: 'customer_name', purpose: { kind: 'add' } });
      expect(textOf(await support.send('Support Made Ltd'))).toMatch(/^Your role \(support\) does not allow that/);
      expect(await chat.demo.knex('end_customers').where({ reseller_id: acmeId }).count('* as n').first()).toEqual(before);
    });
  });
});

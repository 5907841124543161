// The people flow's steps: the reseller form typed as "field: value" lines (a summary, what is
// still needed, a refusal said with the form kept), users' actions asked to confirm, and a staff
// session that is not an administrator's refused at every step.
import { describe, expect, it } from 'vitest';
import { applyLines } from '../../../src/conversation/flows/people/form';
import { RESELLER_FIELDS } from '../../../src/conversation/flows/people/types';
import { t } from '../../../src/conversation/wording';
import { answer, expectCommand, expectShown, labelsOf, last, message, press, said, type } from './drive';
import { PEOPLE_EXAMPLE_ANSWERS, PEOPLE_STEP_NAMES } from './people-states';
import { aState, aStaffSession, anAdminSession, exampleState } from './states';

const CREATE = { mode: 'create' as const, levels: ['bronze', 'silver', 'gold'] };
const form = (values = {}) => aState({ name: 'people_reseller_form', form: CREATE, values }, { session: anAdminSession() });

describe('the form\'s lines', () => {
  it('take any spelling of a field, several lines at once; an empty value takes a field back; an unknown one is named', () => {
    expect(applyLines('Partner ID: 100050\nVAT_id:  DE123456789 \n\ntime-zone: Europe/Berlin', {}, RESELLER_FIELDS)).toEqual({ kind: 'ok', values: { partnerId: '100050', vatId: 'DE123456789', timezone: 'Europe/Berlin' } });
    expect(applyLines('city:', { city: 'Köln', street: 'Dom 1' }, RESELLER_FIELDS)).toEqual({ kind: 'ok', values: { street: 'Dom 1' } });
    expect(applyLines('colour: blue', {}, RESELLER_FIELDS)).toEqual({ kind: 'unknown_field', line: 'colour: blue' });
    expect(applyLines('just words', {}, RESELLER_FIELDS)).toEqual({ kind: 'unknown_field', line: 'just words' });
    expect(applyLines('company: X', {}, ['city'])).toEqual({ kind: 'not_editable', field: 'company' });
    expect(applyLines('  \n ', {}, RESELLER_FIELDS)).toBeUndefined();
    // An invisible character that turns the text around (it would print so on invoices) is refused; Arabic or Hebrew letters are not.
    expect(applyLines('legal name: Acme\u202eGmbH', {}, RESELLER_FIELDS)).toEqual({ kind: 'reordering', field: 'legalName' });
    expect(applyLines('city: \u2067x\u2069', {}, RESELLER_FIELDS)).toEqual({ kind: 'reordering', field: 'city' });
    expect(applyLines('legal name: شركة', {}, RESELLER_FIELDS)).toEqual({ kind: 'ok', values: { legalName: 'شركة' } });
    // A value too long for any field is refused whole, never cut to 200 characters and saved so.
    expect(applyLines(`city: Köln\nlegal name: ${'A'.repeat(201)}`, {}, RESELLER_FIELDS)).toEqual({ kind: 'too_long', field: 'legalName' });
    expect(applyLines(`legal name: ${'A'.repeat(200)}`, {}, RESELLER_FIELDS)).toEqual({ kind: 'ok', values: { legalName: 'A'.repeat(200) } });
  });
});

describe('creating a reseller', () => {
  it('the summary says what is still needed; Create appears once partner id, company, country and level are given, and runs the use case', () => {
    const partial = type(form(), 'partner id: 100050\ncompany: Nordlicht GmbH');
    expect(last(partial).text).toContain('Still needed: country, level.');
    expect(labelsOf(last(partial))).not.toContain(t.people.create);
    const withLevel = press(partial.state, 'people.level.silver');
    const done = type(withLevel.state, 'country: DE');
    expect(labelsOf(last(done))).toContain(t.people.create);
    expectCommand(done.state, press(done.state, 'people.save'), { kind: 'people_save', form: CREATE, values: { partnerId: '100050', company: 'Nordlicht GmbH', level: 'silver', country: 'DE' } });
  });

  it('a value too long is said, and nothing of the lines taken', () => {
    const state = form({ partnerId: '100050' });
    const out = type(state, `company: ${'N'.repeat(250)}\ncountry: DE`);
    expect(out.replies[0]?.text).toBe('The company typed is longer than 200 characters: nothing of those lines was taken. Type "company: …" shorter.');
    expect(out.state.step).toEqual(state.step);
    const turned = type(state, 'legal name: Acme\u202eGmbH');
    expect(turned.replies[0]?.text).toBe('The legal name typed has an invisible character that turns text around (a right-to-left override): nothing of those lines was taken. Type "legal name: …" without it.');
    expect(turned.state.step).toEqual(state.step);
  });

  it('an edit\'s summary shows a typed VAT rate as a percentage, and a field typed as it already is as such, not as a change', () => {
    const state = exampleState('people_reseller_form');
    const { form: edit } = state.step as Extract<typeof state.step, { name: 'people_reseller_form' }>;
    if (edit.mode !== 'edit') throw new Error('the example form is an edit');
    const out = type({ ...state, step: { ...state.step, values: {} } } as typeof state, `vat rate: 19.5\ntime zone: ${edit.reseller.timezone}`);
    expect(last(out).text).toContain(`  VAT rate: ${edit.reseller.vatRate === null ? 'from its country and VAT ID' : `${edit.reseller.vatRate} %`} → 19.5 %`);
    expect(last(out).text).toContain(`  time zone: ${edit.reseller.timezone} (as it is)`);
  });

  it('a press of Create before the form is complete, or of a level not offered, is not used', () => {
    const partial = form({ partnerId: '1' });
    expect(said(press(partial, 'people.save'))).toContain(t.staleButton);
    expect(said(press(partial, 'people.level.diamond'))).toContain(t.staleButton);
  });

  it('a refusal is said, and the form shown again with what was typed', () => {
    const values = { partnerId: '100001', company: 'X Ltd', country: 'DE', level: 'gold' };
    const state = form(values);
    const out = answer(state, { kind: 'people_saved', form: CREATE, values, result: { kind: 'partner_id_taken', partnerId: '100001' } });
    expect(out.replies[0]?.text).toBe('Nothing was saved: partner id 100001 is another reseller\'s. Type "partner id: …" with another.');
    expectShown(state, out, { name: 'people_reseller_form', form: CREATE, values });
  });

  it('every refusal of the use cases is its own sentence, the form kept', () => {
    const refusals = PEOPLE_EXAMPLE_ANSWERS.people_saved().filter((a) => !['created', 'edited', 'not_available', 'not_found'].includes(a.result.kind));
    const sentences = refusals.map((a) => {
      const out = answer(form(a.values), a);
      expect(out.state.step).toEqual({ name: 'people_reseller_form', form: a.form, values: a.values });
      return out.replies[0]?.text ?? '';
    });
    for (const sentence of sentences) expect(sentence).toMatch(/^Nothing was saved: \S.*[.:]/);
    expect(new Set(sentences).size).toBe(sentences.length);
  });
});

describe('users', () => {
  it('every action on a user is asked to confirm first; No does nothing', () => {
    const state = exampleState('people_user');
    const { scope, user } = state.step as Extract<typeof state.step, { name: 'people_user' }>;
    expectShown(state, press(state, 'people.remove'), { name: 'people_confirm', scope, action: { kind: 'remove', user } });
    expectShown(state, press(state, 'people.reset'), { name: 'people_confirm', scope, action: { kind: 'reset', user } });
    const roles = press(state, 'people.role');
    expect(labelsOf(last(roles))).toEqual(['Owner', 'Purchase', 'Support', t.back, t.admin.backToMenu]);
    const confirm = press(roles.state, 'people.setrole.owner');
    expect(last(confirm).text).toBe('Make jdoe (Jane Doe) of Acme Telecom BV (partner 100001) owner (now sales)?');
    expectCommand(confirm.state, press(confirm.state, 'people.yes'), { kind: 'people_act', scope, action: { kind: 'role', user, role: 'owner' } });
    const no = press(confirm.state, 'people.no');
    expect(no.command).toBeNull();
    expect(no.replies[0]?.text).toBe(t.people.notDone);
  });

  it('a staff invitation keeps the login name as typed: one too long is not cut to a shorter one that would pass', () => {
    const asked = aState({ name: 'people_invite', role: 'staff' }, { session: anAdminSession() });
    const long = `j${'x'.repeat(64)}`;
    expectShown(asked, type(asked, `${long} Jane Doe`), { name: 'people_confirm', scope: { kind: 'staff' }, action: { kind: 'invite_staff', username: long, name: 'Jane Doe', role: 'staff' } });
  });

  it('the administrator\'s own card offers a new password code only: Change role and Remove, refused to oneself, are neither shown nor used', () => {
    const admin = anAdminSession();
    const me = { id: admin.staffId, username: 'admin1', name: admin.name, role: 'admin', active: true };
    const own = aState({ name: 'people_user', scope: { kind: 'staff' }, user: me }, { session: admin });
    expect(labelsOf(message(own))).toEqual([t.people.resetButton, 'Staff', t.admin.backToMenu]);
    expect(message(own).text).toContain('This is you: another administrator can change your role or remove you.');
    for (const verb of ['people.role', 'people.remove']) expect(said(press(own, verb))).toContain(t.staleButton);
    // Another administrator's card has them all.
    const other = aState({ name: 'people_user', scope: { kind: 'staff' }, user: { ...me, id: 'a0000000-0000-4000-8000-0000000000e9', username: 'admin2' } }, { session: admin });
    expect(labelsOf(message(other))).toEqual([t.people.resetButton, t.people.roleButton, t.people.removeButton, 'Staff', t.admin.backToMenu]);
  });

  it('a removed user\'s card has no actions', () => {
    const state = exampleState('people_user');
    const removed = { ...state, step: { ...state.step, user: { username: 'x', name: 'X Y', role: 'sales', active: false } } } as typeof state;
    expect(labelsOf(message(removed))).toEqual(['Users', t.admin.backToMenu]);
    expect(said(press(removed, 'people.remove'))).toContain(t.staleButton);
  });
});

describe('a staff session that is not an administrator\'s', () => {
  it.each(PEOPLE_STEP_NAMES)('at %s, is refused each button and text, and sent to the staff menu', (name) => {
    const state = exampleState(name, { session: aStaffSession() });
    // Steps that take no text leave a staff user's text unused, as anyone's.
    const typed = name === 'people_reseller_form' || name === 'people_invite' ? [type(state, 'city: Köln')] : [];
    for (const out of [press(state, 'people.yes'), press(state, 'people.open.0'), press(state, 'people.save'), ...typed]) {
      expect(out.command).toEqual({ kind: 'staff_menu' });
      expect(out.replies.map((r) => r.text)).toEqual([t.admin.adminsOnly]);
    }
    if (typed.length === 0) expect(type(state, 'city: Köln').command).toBeNull();
  });
});

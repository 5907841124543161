// Examples of the people flow's steps and answers (an administrator's resellers and users), for
// the tables of examples in states.ts.
import type { Answer } from '../../../src/conversation/commands';
import type { ResellerView } from '../../../src/conversation/flows/admin/types';
import type { SaveRefusal } from '../../../src/conversation/flows/people/commands';
import type { PeopleStep, ResellerDetails, UserView } from '../../../src/conversation/flows/people/types';

const acme: ResellerView = { partnerId: '100001', company: 'Acme Telecom BV', country: 'NL', levelCode: 'gold', suspendedAt: null };
const details: ResellerDetails = {
  partnerId: '100001', company: 'Acme Telecom BV', legalName: 'Acme Telecom B.V.', street: 'Main 1', postcode: '1011 AB', city: 'Amsterdam', country: 'NL',
  vatId: 'NL123456789B01', vatRate: null, timezone: 'Europe/Amsterdam', currency: null, levelCode: 'gold',
};
const jane: UserView = { id: '7', username: 'jdoe', name: 'Jane Doe', role: 'sales', active: true };
const LEVELS = ['bronze', 'silver', 'gold'];

/** The people flow's steps (an administrator's staff session). */
export const PEOPLE_STEP_NAMES = ['people_reseller_form', 'people_users', 'people_user', 'people_role', 'people_invite', 'people_confirm'] as const;

export const PEOPLE_EXAMPLE_STEPS: { [N in PeopleStep['name']]: () => Extract<PeopleStep, { name: N }> } = {
  people_reseller_form: () => ({ name: 'people_reseller_form', form: { mode: 'edit', reseller: details, card: acme, levels: LEVELS }, values: { vatId: 'NL987654321B01', level: 'silver' } }),
  people_users: () => ({ name: 'people_users', scope: { kind: 'reseller', reseller: acme }, users: Array.from({ length: 10 }, (_, i) => ({ ...jane, username: `user${i}`, active: i !== 9 })), page: 1 }),
  people_user: () => ({ name: 'people_user', scope: { kind: 'reseller', reseller: acme }, user: jane }),
  people_role: () => ({ name: 'people_role', scope: { kind: 'staff' }, user: { id: '2', username: 'staff1', name: 'Sam Staff', role: 'staff', active: true } }),
  people_invite: () => ({ name: 'people_invite', role: 'admin' }),
  people_confirm: () => ({ name: 'people_confirm', scope: { kind: 'reseller', reseller: acme }, action: { kind: 'remove', user: jane } }),
};

type PeopleAnswerKind = 'people_form' | 'people_saved' | 'people_users' | 'people_done';
export const PEOPLE_EXAMPLE_ANSWERS: { [K in PeopleAnswerKind]: () => Array<Extract<Answer, { kind: K }>> } = {
  people_form: () => [
    { kind: 'people_form', partnerId: null, form: { mode: 'create', levels: LEVELS }, available: true },
    { kind: 'people_form', partnerId: '100001', form: { mode: 'edit', reseller: details, card: acme, levels: LEVELS }, available: true },
    { kind: 'people_form', partnerId: '999', form: null, available: true },
    { kind: 'people_form', partnerId: null, form: null, available: false },
  ],
  people_saved: () => {
    const form = { mode: 'create' as const, levels: LEVELS };
    const values = { partnerId: '100050', company: 'Nordlicht GmbH', country: 'DE', level: 'silver' };
    return [
      { kind: 'people_saved', form, values, result: { kind: 'created', card: { ...acme, partnerId: '100050', company: 'Nordlicht GmbH' }, details, vatCheck: null } },
      { kind: 'people_saved', form, values, result: { kind: 'edited', card: acme, details, vatCheck: 'unverified' } },
      // Every refusal of the use cases, each said in a sentence of its own.
      ...([
        { kind: 'partner_id_taken', partnerId: '100050' }, { kind: 'invalid_partner_id' }, { kind: 'invalid_company' }, { kind: 'nothing_to_change' },
        { kind: 'invalid_text', field: 'legalName' }, { kind: 'invalid_text', field: 'city' }, { kind: 'incomplete_address', missing: ['street', 'city'] }, { kind: 'invalid_country' },
        { kind: 'invalid_vat_rate' }, { kind: 'invalid_format', country: 'DE', expected: 'DE followed by 9 digits' }, { kind: 'wrong_country', prefix: 'NL', country: 'DE', expected: 'DE followed by 9 digits' },
        { kind: 'unsupported_country', country: 'US' }, { kind: 'vat_id_of_other_country', vatId: 'NL123456789B01' }, { kind: 'vat_rate_needed', reason: 'distributor_outside_eu' },
        { kind: 'vat_id_rejected', vatId: 'DE123456789' }, { kind: 'changed_meanwhile' }, { kind: 'invalid_timezone' }, { kind: 'currency_not_sold', sold: 'EUR' },
        { kind: 'unknown_level', levels: LEVELS },
      ] satisfies SaveRefusal[]).map((result) => ({ kind: 'people_saved' as const, form, values, result })),
      { kind: 'people_saved', form, values, result: { kind: 'not_available' } },
      { kind: 'people_saved', form: { mode: 'edit', reseller: details, card: acme, levels: LEVELS }, values: { city: 'Utrecht' }, result: { kind: 'not_found' } },
    ];
  },
  people_users: () => [
    { kind: 'people_users', scope: { kind: 'staff' }, users: [jane] },
    { kind: 'people_users', scope: { kind: 'reseller', reseller: acme }, users: [] },
    { kind: 'people_users', scope: { kind: 'reseller', reseller: acme }, users: null },
  ],
  people_done: () => {
    const scope = { kind: 'reseller' as const, reseller: acme };
    return [
      { kind: 'people_done', scope, action: { kind: 'reset', user: jane }, result: { kind: 'code', user: jane, lines: ['one-time code for jdoe (Jane Doe, sales), valid until 2026-12-03T10:00:00.000Z: INV-ABCDEFGHJKLMNPQRSTUV'] } },
      { kind: 'people_done', scope, action: { kind: 'role', user: jane, role: 'owner' }, result: { kind: 'role_changed', before: 'sales', user: { ...jane, role: 'owner' } } },
      { kind: 'people_done', scope, action: { kind: 'remove', user: jane }, result: { kind: 'removed', user: { ...jane, active: false } } },
      { kind: 'people_done', scope, action: { kind: 'role', user: jane, role: 'support' }, result: { kind: 'last_owner', reseller: { partnerId: acme.partnerId, company: acme.company } } },
      ...(['not_found', 'inactive', 'same_role', 'own_role', 'last_admin', 'yourself', 'invalid_role', 'not_available'] as const).map((kind) => ({ kind: 'people_done' as const, scope, action: { kind: 'remove' as const, user: jane }, result: { kind } })),
      ...(['username_taken', 'invalid_username', 'invalid_name'] as const).map((kind) => ({
        kind: 'people_done' as const, scope: { kind: 'staff' as const }, action: { kind: 'invite_staff' as const, username: 'jdoe', name: 'Jane Doe', role: 'staff' as const }, result: { kind },
      })),
    ];
  },
};

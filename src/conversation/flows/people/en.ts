// The people flow's words (an administrator creating and editing resellers, and managing the
// users of a reseller and the distributor's staff), in English.
import type { ResellerView } from '../admin/types';
import type { ActOutcome, SaveRefusal, VatCheckNote } from './commands';
import type { FormValues, PeopleAction, ResellerDetails, ResellerField, ResellerForm, UserScope, UserView } from './types';

/** How each field is named to the administrator (and typed: "vat id: …"). */
const FIELD: Record<ResellerField, string> = {
  partnerId: 'partner id', company: 'company', country: 'country', level: 'level', legalName: 'legal name', street: 'street', postcode: 'postcode',
  city: 'city', vatId: 'VAT ID', vatRate: 'VAT rate', timezone: 'time zone', currency: 'currency',
};
const ORDER: readonly ResellerField[] = ['partnerId', 'company', 'country', 'level', 'legalName', 'street', 'postcode', 'city', 'vatId', 'vatRate', 'timezone', 'currency'];
const REQUIRED: readonly ResellerField[] = ['partnerId', 'company', 'country', 'level'];

const none = '(none)';
/** The value a field has on the reseller now. */
function currentOf(r: ResellerDetails, field: ResellerField): string {
  switch (field) {
    case 'partnerId': return r.partnerId;
    case 'company': return r.company;
    case 'country': return r.country;
    case 'level': return r.levelCode;
    case 'legalName': return r.legalName;
    case 'street': return r.street ?? none;
    case 'postcode': return r.postcode ?? none;
    case 'city': return r.city ?? none;
    case 'vatId': return r.vatId ?? none;
    case 'vatRate': return r.vatRate === null ? 'from its country and VAT ID' : `${r.vatRate} %`;
    case 'timezone': return r.timezone;
    case 'currency': return r.currency ?? 'the distributor\'s';
    default: {
      const never: never = field;
      throw new Error(`unknown field ${String(never)}`);
    }
  }
}

const typed = (values: FormValues) => ORDER.filter((f) => values[f] !== undefined);
/** A typed value as the summary shows it: a VAT rate typed as a number is a percentage, as the reseller's own rate is shown. */
const typedValue = (field: ResellerField, value: string) => (field === 'vatRate' && /^\d+(?:[.,]\d+)?$/.test(value) ? `${value} %` : value);
const name = (r: ResellerView) => `${r.company} (partner ${r.partnerId})`;
const whose = (scope: UserScope) => (scope.kind === 'staff' ? 'the distributor\'s staff' : name(scope.reseller));
const who = (u: UserView) => `${u.username} (${u.name})`;

const CREATE_HELP = [
  'A new reseller: type its details, one "field: value" a line, all at once or a few at a time, e.g.',
  'partner id: 100050',
  'company: Nordlicht GmbH',
  'country: DE',
  'level: silver',
  'Needed: partner id, company, country (two letters), level. Optional: legal name, street, postcode, city (the address takes all three), VAT ID, VAT rate, time zone (e.g. Europe/Berlin), currency.',
].join('\n');

const EDIT_HELP = 'Type what changes, one "field: value" a line, e.g. "vat id: DE123456789" or "time zone: Europe/Berlin"; "none" takes a VAT ID, VAT rate or currency away.';

export const peopleWords = {
  staffButton: 'Staff',
  newResellerButton: 'New reseller',
  editButton: 'Edit details',
  usersButton: 'Users',
  /** The form to create or edit a reseller: what to type, and a summary of what was typed. */
  form: (form: ResellerForm, values: FormValues, levels: string[]): string => {
    const fields = typed(values);
    const levelLine = levels.length > 0 ? `Partner levels: ${levels.join(', ')} (a button below sets one).` : '';
    if (form.mode === 'create') {
      if (fields.length === 0) return [CREATE_HELP, levelLine].filter(Boolean).join('\n');
      const missing = REQUIRED.filter((f) => values[f] === undefined);
      return [
        'The new reseller:',
        ...fields.map((f) => `  ${FIELD[f]}: ${typedValue(f, values[f] ?? '')}`),
        missing.length > 0 ? `Still needed: ${missing.map((f) => FIELD[f]).join(', ')}. Type them as "field: value".` : 'Create it? Or type a line to change a value ("field:" with nothing after it takes it out).',
        levelLine,
      ].filter(Boolean).join('\n');
    }
    const r = form.reseller;
    if (fields.length === 0) {
      return [
        `Edit ${r.company} (partner ${r.partnerId}). Now:`,
        ...(['legalName', 'street', 'postcode', 'city', 'country', 'vatId', 'vatRate', 'timezone', 'currency', 'level'] as const).map((f) => `  ${FIELD[f]}: ${currentOf(r, f)}`),
        EDIT_HELP,
        levelLine,
      ].filter(Boolean).join('\n');
    }
    return [
      `Changes to ${r.company} (partner ${r.partnerId}):`,
      ...fields.map((f) => {
        const now = currentOf(r, f);
        const after = typedValue(f, values[f] ?? '');
        return now === after ? `  ${FIELD[f]}: ${now} (as it is)` : `  ${FIELD[f]}: ${now} → ${after}`;
      }),
      'Save them? Or type a line to change a value ("field:" with nothing after it takes it out).',
      levelLine,
    ].filter(Boolean).join('\n');
  },
  expectForm: 'lines of "field: value", e.g. "vat id: DE123456789"',
  levelButton: (code: string) => `Level: ${code}`,
  create: 'Create the reseller',
  save: 'Save the changes',
  startOver: 'Start over',
  toCard: 'Back to the reseller',
  unknownField: (line: string) => `"${line}" names no field. Write "field: value", the field one of: ${ORDER.map((f) => FIELD[f]).join(', ')}.`,
  notEditable: (field: ResellerField) => `The ${FIELD[field]} of a reseller is not changed here: type the other fields.`,
  tooLong: (field: ResellerField) => `The ${FIELD[field]} typed is longer than 200 characters: nothing of those lines was taken. Type "${FIELD[field]}: …" shorter.`,
  reordering: (field: ResellerField) => `The ${FIELD[field]} typed has an invisible character that turns text around (a right-to-left override): nothing of those lines was taken. Type "${FIELD[field]}: …" without it.`,
  formGone: (partnerId: string) => `There is no reseller with partner id ${partnerId} any more.`,
  notAvailable: 'Nothing was done: resellers and users cannot be managed from this chat now.',
  /** A refused creation or edit, in one sentence that says what to type instead (nothing was saved). */
  refused: (why: SaveRefusal): string => `Nothing was saved: ${refusalOf(why)}`,
  created: (r: ResellerView) => `Reseller ${name(r)} is created at level ${r.levelCode}. Invite its first user from its card.`,
  edited: (r: ResellerView, vat: VatCheckNote) => `The changes to ${name(r)} are saved.${VAT_NOTES[vat ?? 'none']}`,
  details: (d: ResellerDetails) => [
    `  legal name: ${d.legalName}`,
    `  address: ${d.street ? `${d.street}, ${d.postcode ?? ''} ${d.city ?? ''}, ${d.country}` : `${none}, ${d.country}`}`,
    `  VAT ID: ${d.vatId ?? none}; time zone: ${d.timezone}; currency: ${currentOf(d, 'currency')}`,
  ].join('\n'),

  // ——— users ———
  usersTitle: (scope: UserScope, count: number) => (count === 0
    ? `${scope.kind === 'staff' ? 'The distributor has no staff' : `${name(scope.reseller)} has no users`} yet.`
    : `${scope.kind === 'staff' ? 'The distributor\'s staff' : `Users of ${name(scope.reseller)}`} (${count}):`),
  userLine: (i: number, u: UserView) => `${i}. ${u.username} — ${u.name}, ${u.role}${u.active ? '' : ', removed'}`,
  usersGone: (scope: UserScope) => (scope.kind === 'staff' ? 'The staff cannot be listed from this chat now.' : `There is no reseller with partner id ${scope.reseller.partnerId} any more.`),
  open: (i: number) => `Open ${i}`,
  nextPage: 'Next',
  previousPage: 'Previous',
  inviteStaff: 'Invite a staff member',
  /** A user's card; `own`: the administrator's own, whose role and removal are another administrator's to change. */
  userCard: (scope: UserScope, u: UserView, own = false) => [
    `${who(u)}, ${u.role}, of ${whose(scope)}.`,
    u.active ? 'Status: active.' : 'Status: removed: cannot log in; the history is kept.',
    ...(own && u.active ? ['This is you: another administrator can change your role or remove you.'] : []),
  ].join('\n'),
  resetButton: 'New password code',
  roleButton: 'Change role',
  removeButton: 'Remove',
  toUsers: (scope: UserScope) => (scope.kind === 'staff' ? 'Staff' : 'Users'),
  role: (role: string) => role[0]?.toUpperCase() + role.slice(1),
  askRole: (scope: UserScope, u: UserView) => (scope.kind === 'staff'
    ? `New role of ${who(u)} (now ${u.role})? Staff find and act on orders and payments; an admin also manages resellers, users and the audit log.`
    : `New role of ${who(u)} (now ${u.role})? An owner and a purchase user order; a sales user asks them to approve; support sees licenses only.`),
  askStaffRole: 'Invite a member of staff: which role? Staff find and act on orders and payments; an admin also manages resellers, users and the audit log.',
  askStaffInvitee: (role: string) => `A new ${role === 'admin' ? 'administrator' : 'member of staff'}: type the login name and the full name, e.g. "jdoe Jane Doe". They get a one-time code, valid for 7 days, to set their password.`,
  expectInvitee: 'the login name and the full name, e.g. "jdoe Jane Doe"',
  confirm: (scope: UserScope, a: PeopleAction): string => {
    switch (a.kind) {
      case 'reset': return `Give ${who(a.user)} of ${whose(scope)} a new one-time code to set a password? It is valid for 7 days; codes given earlier and not used stop working. They stay logged in where they are, and their password works until they choose a new one with the code.`;
      case 'remove': return `Remove ${who(a.user)} of ${whose(scope)}? They are logged out of every chat and cannot log in any more; nothing of their history is deleted.`;
      case 'role': return `Make ${who(a.user)} of ${whose(scope)} ${a.role} (now ${a.user.role})?`;
      case 'invite_staff': return `Invite ${a.name} as ${a.role}, with the login name ${a.username}? They get a one-time code, valid for 7 days, to set their password.`;
      default: {
        const never: never = a;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  },
  yes: (a: PeopleAction) => ({ reset: 'Yes, give a new code', remove: 'Yes, remove', role: 'Yes, change the role', invite_staff: 'Yes, invite' })[a.kind],
  no: 'No',
  notDone: 'Nothing was done.',
  /** What an action on a user came to. */
  done: (a: PeopleAction, result: ActOutcome): string => {
    const subject = a.kind === 'invite_staff' ? a.username : a.user.username;
    switch (result.kind) {
      case 'code': return result.lines.join('\n');
      case 'role_changed': return `${result.user.username} is ${result.user.role} now (was ${result.before}).`;
      case 'removed': return `${result.user.username} is removed: logged out of every chat, cannot log in; the history is kept.`;
      case 'not_found': return `Nothing was done: there is no user ${subject} any more.`;
      case 'inactive': return `Nothing was done: ${subject} was removed already.`;
      case 'same_role': return `Nothing was done: ${subject} has that role already.`;
      case 'own_role': return 'Nothing was done: you cannot change your own role (another administrator can).';
      case 'last_admin': return `Nothing was done: ${subject} is the last administrator. Make someone else an admin first.`;
      case 'last_owner': return `Nothing was done: ${subject} is the last owner of ${result.reseller.company} (partner ${result.reseller.partnerId}), who manages its users and approves its sales users' orders. Make another of its users owner first (Change role on their card), or invite a new owner.`;
      case 'yourself': return 'Nothing was done: you cannot remove yourself (another administrator can).';
      case 'invalid_role': return 'Nothing was done: that role is not one of this user\'s kind.';
      case 'other_reseller': return `Nothing was done: ${subject} is not a user of your company.`;
      case 'username_taken': return 'That login name is taken (by a reseller user or a staff member): type another, with the full name.';
      case 'invalid_username': return 'A login name is 3 to 60 letters, digits or . _ @ - (and not a greeting such as hello): type it again with the full name.';
      case 'invalid_name': return 'A full name is 2 to 100 characters: type the login name and the full name again.';
      case 'not_available': return 'Nothing was done: users cannot be managed from this chat now.';
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const VAT_NOTES: Record<Exclude<VatCheckNote, null> | 'none', string> = {
  none: '',
  valid: ' The VAT service confirms the VAT ID.',
  unverified: ' The VAT service could not confirm the VAT ID now: it is stored unverified.',
  not_checked: ' The VAT ID\'s format is checked; no VAT service is set up to confirm it.',
};

function refusalOf(why: SaveRefusal): string {
  const text = { legalName: 'the legal name', street: 'the street', postcode: 'the postcode', city: 'the city' } as const;
  switch (why.kind) {
    case 'partner_id_taken': return `partner id ${why.partnerId} is another reseller's. Type "partner id: …" with another.`;
    case 'invalid_partner_id': return 'a partner id is 1 to 40 letters, digits or hyphens. Type "partner id: …" again.';
    case 'invalid_company': return 'a company name is 2 to 200 characters. Type "company: …" again.';
    case 'not_found': return 'that reseller is not there any more.';
    case 'nothing_to_change': return 'nothing was typed to change.';
    case 'invalid_text': return `${text[why.field]} is ${why.field === 'legalName' ? '2' : '1'} to 200 characters. Type "${FIELD[why.field]}: …" again.`;
    case 'incomplete_address': return `an address needs a street, a postcode and a city: type ${why.missing.map((m) => `"${FIELD[m]}: …"`).join(' and ')} as well.`;
    case 'invalid_country': return 'a country is two letters, such as DE or NL. Type "country: …" again.';
    case 'invalid_vat_rate': return 'a VAT rate is a percentage from 0 to 100 with at most two decimals (21, 20.5), or none. Type "vat rate: …" again.';
    case 'invalid_format': return `that is not a VAT ID of ${why.country}: it should look like ${why.expected}. Type "vat id: …" again.`;
    case 'wrong_country': return `that VAT ID starts with ${why.prefix}, but the reseller is in ${why.country}: it should look like ${why.expected}. Type "vat id: …" again.`;
    case 'unsupported_country': return `VAT IDs of ${why.country} are not known here: type "vat id:" with nothing after it to leave it out, or "vat id: none".`;
    case 'vat_id_of_other_country': return `the VAT ID ${why.vatId} is not one of the new country: type "vat id: …" with the new one, or "vat id: none".`;
    case 'vat_rate_needed': return `the distributor's country is ${why.reason === 'distributor_outside_eu' ? 'outside the EU' : 'not set'}, so the VAT rate cannot be derived: type "vat rate: …".`;
    case 'vat_id_rejected': return `the VAT service says ${why.vatId} is not a valid VAT number. Type "vat id: …" again.`;
    case 'changed_meanwhile': return 'someone else changed the reseller meanwhile. Save again to apply your changes to it as it is now.';
    case 'invalid_timezone': return 'a time zone is like Europe/Berlin or UTC. Type "time zone: …" again.';
    case 'currency_not_sold': return `prices are in ${why.sold} only: type "currency: ${why.sold}" or "currency: none".`;
    case 'unknown_level': return `the partner level is one of ${why.levels.join(', ')}. Type "level: …" or press one.`;
    default: {
      const never: never = why;
      throw new Error(`unknown refusal ${JSON.stringify(never)}`);
    }
  }
}

// The distributor's staff in the chat (the old Master portal): their menu, finding anything by
// any identifier or part of a name, a card with its history and the actions that fit it
// (each asking for a reason the audit log keeps), and the orders waiting for staff. Only a
// staff session reaches these steps; the interpreter checks the staff account again.
import { actionOf, PARSE } from './actions';
import { STAFF_VERBS, type CardView, type StaffStep, type StaffVerb } from './types';
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, onlyFor, type Flow, type Next } from '../../flow';
import { say, type ActionButton } from '../../reply';
import type { ConversationState, StaffSession } from '../../state';
import { t } from '../../wording';

const button = flowButtons('staff', ['find', 'attention', 'admin', 'logout', 'open', 'link', 'item', 'menu', ...STAFF_VERBS] as const);
const MAX_LINKS = 6;

/** The state's staff session, if a member of staff is logged in. */
export function staffOf(state: Pick<ConversationState, 'session'>): StaffSession | undefined {
  return state.session?.account === 'staff' ? state.session : undefined;
}

/** An entry of the staff menu: its verb, its label, and whether only an administrator gets it. */
export interface StaffMenuEntry {
  verb: 'find' | 'attention' | 'admin' | 'logout';
  label: (session: StaffSession) => string;
  adminOnly?: true;
}

/** The staff menu, row by row; an administrator's has Admin too. Help describes the same entries. */
export const STAFF_MENU: ReadonlyArray<readonly StaffMenuEntry[]> = [
  [{ verb: 'find', label: () => t.staff.find }, { verb: 'attention', label: (s) => t.staff.attentionButton(s.waiting ?? 0) }],
  [{ verb: 'admin', label: () => t.admin.adminButton, adminOnly: true }],
  [{ verb: 'logout', label: () => t.staff.logout }],
];

/** The staff menu's buttons for a session. */
export function staffMenuButtons(session: StaffSession): ActionButton[][] {
  const shown = (e: StaffMenuEntry) => !e.adminOnly || session.staffRole === 'admin';
  return STAFF_MENU.map((row) => row.filter(shown).map((e) => button(e.verb, e.label(session)))).filter((row) => row.length > 0);
}

/** Where a staff user's "menu" (and anything a reseller's menu leads to) goes. */
export function staffGoTo(to: 'menu' | 'help' | 'logout' | 'other'): Next {
  switch (to) {
    case 'menu': return next.run({ kind: 'staff_menu' });
    case 'help': return next.show({ name: 'help' });
    case 'logout': return next.run({ kind: 'logout' });
    case 'other': return next.refuse('place_order');
    default: {
      const never: never = to;
      throw new Error(`unknown staff destination ${String(never)}`);
    }
  }
}

/** What a verb needs typed before its reason. */
const INPUT_OF: Partial<Record<StaffVerb, 'confirm' | 'move' | 'correct'>> = { confirm: 'confirm', move: 'move', correct: 'correct' };

function startAction(verb: StaffVerb, arg: number | null, card: CardView): Next | undefined {
  if (!card.actions.includes(verb)) return undefined;
  if (verb === 'refund_pay' && (arg === null || card.kept[arg] === undefined)) return undefined;
  return next.show({ name: 'staff_ask', card, verb, arg, stage: INPUT_OF[verb] ? 'input' : 'reason', input: null });
}

/** A staff step's buttons and text act for a staff session only (a reseller's state never gets here, and if it did, nothing happens). */
const { press: pressOnly, text: textOnly } = onlyFor((state) => staffOf(state) !== undefined);

const isVerb = (verb: string): verb is StaffVerb => (STAFF_VERBS as readonly string[]).includes(verb);
const toMenu = () => button('menu', t.staff.backToMenu);

export const staffFlow: Flow<StaffStep['name'], 'staff_menu' | 'staff_found' | 'staff_card' | 'staff_attention' | 'staff_acted'> = {
  steps: {
    staff_menu: {
      flow: 'staff',
      view: (_step, state) => {
        const staff = staffOf(state);
        return { text: t.staff.menuTitle(staff?.name ?? '', staff?.staffRole ?? 'staff'), buttons: staff ? staffMenuButtons(staff) : [], secret: false };
      },
      press: pressOnly((verb, _arg, _step, state) => {
        if (verb === 'find') return next.show({ name: 'staff_find' });
        if (verb === 'attention') return next.run({ kind: 'staff_attention' });
        // A staff user never sees Admin; a forged press of it is refused, saying so.
        if (verb === 'admin') return staffOf(state)?.staffRole === 'admin' ? next.show({ name: 'admin_menu' }) : next.again(say(t.admin.adminsOnly));
        if (verb === 'logout') return next.run({ kind: 'logout' });
        return undefined;
      }),
      // Whatever is typed at the staff menu is looked for.
      text: textOnly((text) => (text.trim() ? next.run({ kind: 'staff_search', query: text.trim().slice(0, 100) }) : undefined)),
      expects: () => t.staff.expectFind,
    },
    staff_find: {
      flow: 'staff',
      view: () => ({ text: t.staff.askFind, buttons: [[toMenu()]], secret: false }),
      press: pressOnly((verb) => (verb === 'menu' ? next.run({ kind: 'staff_menu' }) : undefined)),
      text: textOnly((text) => (text.trim() ? next.run({ kind: 'staff_search', query: text.trim().slice(0, 100) }) : undefined)),
      expects: () => t.staff.expectFind,
      ownsText: true,
      back: () => next.run({ kind: 'staff_menu' }),
    },
    staff_found: {
      flow: 'staff',
      view: (step) => ({
        text: [t.staff.foundTitle(step.query, step.hits.length), ...step.hits.map((h, i) => t.staff.foundLine(i + 1, h.label))].join('\n'),
        buttons: [...rows(step.hits.map((_, i) => button('open', t.staff.open(i + 1), i)), 4), [button('find', t.staff.find), toMenu()]],
        secret: false,
      }),
      press: pressOnly((verb, arg, step) => {
        const hit = verb === 'open' ? step.hits[indexArg(arg) ?? -1] : undefined;
        if (hit) return next.run({ kind: 'staff_open', target: hit.target });
        if (verb === 'find') return next.show({ name: 'staff_find' });
        if (verb === 'menu') return next.run({ kind: 'staff_menu' });
        return undefined;
      }),
      text: textOnly((text) => (text.trim() ? next.run({ kind: 'staff_search', query: text.trim().slice(0, 100) }) : undefined)),
      expects: () => t.staff.expectFind,
      ownsText: true,
      back: () => next.run({ kind: 'staff_menu' }),
    },
    staff_card: {
      flow: 'staff',
      view: (step) => {
        const { card } = step;
        const acts = card.actions.flatMap((verb): ActionButton[] => (verb === 'refund_pay' ? card.kept.map((ref, i) => button(verb, `${t.staff.verbs[verb]}: ${ref}`.slice(0, 60), i)) : [button(verb, t.staff.verbs[verb])]));
        return {
          text: card.text,
          buttons: [...rows(acts, 2), ...rows(card.links.slice(0, MAX_LINKS).map((l, i) => button('link', l.label.slice(0, 60), i)), 2), [button('find', t.staff.find), toMenu()]],
          secret: false,
        };
      },
      press: pressOnly((verb, arg, step) => {
        if (verb === 'link') {
          const link = step.card.links[indexArg(arg) ?? -1];
          return link ? next.run({ kind: 'staff_open', target: link.target }) : undefined;
        }
        if (verb === 'find') return next.show({ name: 'staff_find' });
        if (verb === 'menu') return next.run({ kind: 'staff_menu' });
        return isVerb(verb) ? startAction(verb, indexArg(arg) ?? null, step.card) : undefined;
      }),
      text: textOnly((text) => (text.trim() ? next.run({ kind: 'staff_search', query: text.trim().slice(0, 100) }) : undefined)),
      expects: () => t.staff.expectFind,
      back: () => next.run({ kind: 'staff_menu' }),
    },
    staff_ask: {
      flow: 'staff',
      view: (step) => {
        const input = INPUT_OF[step.verb];
        const text = step.stage === 'input' && input
          ? (input === 'confirm' ? t.staff.askInput.confirm(step.card.order?.total ?? '', step.card.order?.reference ?? '', step.card.order?.due) : t.staff.askInput[input])
          : step.verb === 'note' ? t.staff.askNote : t.staff.askReason(t.staff.verbs[step.verb]);
        return { text, buttons: [[navButton('back', t.back), toMenu()]], secret: false };
      },
      press: pressOnly((verb) => (verb === 'menu' ? next.run({ kind: 'staff_menu' }) : undefined)),
      text: textOnly((text, step) => {
        const input = INPUT_OF[step.verb];
        if (step.stage === 'input' && input) {
          const parsed = PARSE[input](text);
          return parsed ? next.show({ ...step, stage: 'reason', input: parsed }) : next.miss(t.staff.expectInput[input]);
        }
        const reason = text.trim().slice(0, 500);
        const action = actionOf(step);
        if (!reason || !action) return next.miss(t.staff.expectReason);
        return next.run({ kind: 'staff_act', action, reason, target: step.card.target });
      }),
      expects: (step) => (step.stage === 'input' && INPUT_OF[step.verb] ? t.staff.expectInput[INPUT_OF[step.verb] ?? 'confirm'] : t.staff.expectReason),
      ownsText: true,
      back: (step) => next.show({ name: 'staff_card', card: step.card }),
    },
    staff_attention: {
      flow: 'staff',
      view: (step) => {
        const acts = step.items.flatMap((item, i) => [
          button('item', t.staff.openItem(item.orderNumber), i),
          ...item.actions.map((verb) => button(verb, t.staff.attentionVerb(verb, item.orderNumber), i)),
        ]);
        return { text: [step.title, ...step.items.map((item) => item.text)].join('\n'), buttons: [...rows(acts, 3), [button('attention', t.staff.attentionButton(step.items.length)), toMenu()]], secret: false };
      },
      press: pressOnly((verb, arg, step) => {
        if (verb === 'attention') return next.run({ kind: 'staff_attention' });
        if (verb === 'menu') return next.run({ kind: 'staff_menu' });
        const item = step.items[indexArg(arg) ?? -1];
        if (!item) return undefined;
        if (verb === 'item') return next.run({ kind: 'staff_open', target: item.target });
        // An item's action acts on its order, as the order's card would.
        const card: CardView = { target: item.target, text: item.text, actions: item.actions, links: [], kept: item.kept, order: item.order };
        return isVerb(verb) ? startAction(verb, verb === 'refund_pay' ? 0 : null, card) : undefined;
      }),
      text: textOnly((text) => (text.trim() ? next.run({ kind: 'staff_search', query: text.trim().slice(0, 100) }) : undefined)),
      expects: () => t.staff.expectFind,
      back: () => next.run({ kind: 'staff_menu' }),
    },
  },
  answers: {
    staff_menu: (a, state) => {
      const staff = staffOf(state);
      return next.show({ name: 'staff_menu' }, staff ? { patch: { session: { ...staff, waiting: a.waiting } } } : {});
    },
    staff_found: (a) => next.show({ name: 'staff_found', query: a.query, hits: a.hits }),
    staff_card: (a) => (a.card ? next.show({ name: 'staff_card', card: a.card }) : next.again(say(t.staff.gone))),
    staff_attention: (a) => next.show({ name: 'staff_attention', title: a.title, items: a.items }),
    staff_acted: (a) => {
      const said = say(a.result.kind === 'done' ? t.staff.done(a.result) : t.staff.refused(a.result.why));
      return a.card ? next.show({ name: 'staff_card', card: a.card }, { say: [said] }) : next.run({ kind: 'staff_menu' }, { say: [said] });
    },
  },
  intents: {},
};

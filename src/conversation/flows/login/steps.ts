// Logging in: the username, then the password (a secret prompt). Nobody logs in in a group.
import { isGreeting } from '../../../domain/accounts/usernames';
import { next, type Flow } from '../../flow';
import { say, type Reply } from '../../reply';
import { t } from '../../wording';
import { invitationAnswers, invitationCodeIn } from './invitation';

/** `invitationId`: the password is chosen for a one-time code (see invitation.ts). */
export type LoginStep = { name: 'login_username' } | { name: 'login_password'; username: string; invitationId?: string };

const prompt = (text: string, secret = false): Reply => ({ text, buttons: [], secret });
const MAX_USERNAME = 100;

export const loginFlow: Flow<LoginStep['name'], 'logged_in' | 'login_refused' | 'logged_out' | 'session_ended' | keyof typeof invitationAnswers> = {
  steps: {
    login_username: {
      flow: 'login',
      view: () => prompt(t.login.askUsername),
      text: (text, _step, _state, ctx) => {
        const code = invitationCodeIn(text);
        if (code) return next.run({ kind: 'check_invitation', code });
        // "hi" is greeted (no account is named so), not taken as a login name.
        if (isGreeting(text)) return next.login(t.login.welcome(ctx.distributorName));
        return text.trim() ? next.show({ name: 'login_password', username: text.trim().slice(0, MAX_USERNAME) }) : undefined;
      },
      expects: () => t.login.askUsername,
      back: () => next.show({ name: 'login_username' }),
      ownsText: true,
    },
    login_password: {
      flow: 'login',
      view: (step) => (step.invitationId ? { ...prompt(t.login.choosePassword, true), choosingPassword: true } : prompt(t.login.askPassword, true)),
      // The password goes to the command only: it is never part of the state.
      text: (text, step) => next.run(
        step.invitationId ? { kind: 'complete_invitation', invitationId: step.invitationId, password: text } : { kind: 'login', username: step.username, password: text },
        { patch: { step: { name: 'login_username' } } },
      ),
      back: () => next.show({ name: 'login_username' }),
      ownsText: true,
    },
  },
  answers: {
    logged_in: (a) => a.session.account === 'staff'
      ? next.run({ kind: 'staff_menu' }, { say: [say(t.staff.welcome(a.session.name))], patch: { session: a.session } })
      : next.show({ name: 'menu' }, { say: [say(t.login.loggedIn(a.session.name, a.session.company))], patch: { session: a.session } }),
    login_refused: (a) => {
      if (a.reason === 'private_only') return next.say([say(t.login.privateLoginOnly)], { session: null, step: { name: 'login_username' } });
      if (a.reason === 'staff_private_only') return next.say([say(t.staff.notInThisGroup(a.staffChat))], { session: null, step: { name: 'login_username' } });
      if (a.reason === 'suspended') return next.login(t.login.suspended(a.distributor));
      return next.login(a.reason === 'locked' ? t.login.loginLocked(a.until) : t.login.loginWrong);
    },
    logged_out: () => next.login(t.login.loggedOut),
    session_ended: () => next.login(t.login.sessionEnded),
    ...invitationAnswers,
  },
  intents: {},
};

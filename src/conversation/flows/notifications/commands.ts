import { termEnd } from '../../../domain/pricing/license';
import { addDays } from '../../../domain/pricing/dates';
import { normaliseLicenseKey } from '../../../domain/pricing/license-key';
import { SNOOZE_DAYS } from '../../../domain/reminders/reminder-offsets';
import type { CommandHandlers } from '../../commands';

export type NotificationsCommand = { kind: 'reminders'; change: 'snooze' | 'stop'; key: string };
export type NotificationsAnswer = {
  kind: 'reminders_changed';
  result: { kind: 'snoozed'; key: string; until: string } | { kind: 'stopped'; key: string } | { kind: 'not_found' };
};

export const notificationsCommands: CommandHandlers<'reminders'> = {
  reminders: async (command, { repos, ctx, user, reseller }) => {
    const key = normaliseLicenseKey(command.key);
    const license = key.kind === 'ok' ? await repos.licenses.findByKey(key.key) : undefined;
    if (!license || license.resellerId !== reseller.id) return { kind: 'reminders_changed', result: { kind: 'not_found' } };
    if (command.change === 'stop') {
      await repos.reminders.stop(license.id, `user:${user.id}`);
      return { kind: 'reminders_changed', result: { kind: 'stopped', key: license.key } };
    }
    const until = addDays(ctx.today, SNOOZE_DAYS);
    await repos.reminders.snooze(license.id, user.id, termEnd(license) ?? ctx.today, until);
    return { kind: 'reminders_changed', result: { kind: 'snoozed', key: license.key, until } };
  },
};

// broadcast:preview, broadcast:send, broadcast:history.
import { z } from 'zod';
import { actorName } from '../../domain/admin/actor';
import type { BroadcastReport } from '../../domain/admin/ports';
import { previewBroadcast, sendBroadcast } from '../../domain/use-cases/admin/broadcasts';
import { checkOptions, done, FORBIDDEN_LINE, refuse, text, usage, type AdminCommand } from './command';

const audienceWords = (a: { level: string | null; country: string | null }) =>
  [a.level ? `partner level ${a.level}` : null, a.country ? `in ${a.country}` : null].filter(Boolean).join(', ') || 'every reseller';

const previewOptions = z.object({
  text: text(4000), level: text(40).optional(), country: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as NL').optional(), all: z.literal(true).optional(),
});

const preview: AdminCommand = {
  usage: 'broadcast:preview --text <message> (--level <code> | --country XX | both | --all)',
  flags: ['all'],
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(previewOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    const o = checked.value;
    if (positionals.length > 0) return usage(ctx, `unexpected ${positionals[0]}: quote the message and give it with --text`);
    if ((o.level === undefined && o.country === undefined) === (o.all === undefined)) return usage(ctx, 'give --level and/or --country, or --all for every reseller');
    const result = await previewBroadcast(ctx.store, { actor: ctx.actor, audience: { level: o.level ?? null, country: o.country ?? null }, text: o.text, now: ctx.now() });
    switch (result.kind) {
      case 'preview': return done(ctx, result, [
        `broadcast ${result.broadcast.id} to ${audienceWords(result.broadcast.audience)}: ${result.reach.resellers} reseller(s), ${result.reach.users} owner and purchase user(s), ${result.reach.chats} chat(s)`,
        '---', result.broadcast.text, '---',
        `nothing is sent yet: npm run ops -- broadcast:send ${result.broadcast.id}`,
      ]);
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'invalid_text': return refuse(ctx, '--text must be 1 to 4000 characters', result);
      case 'nobody': return refuse(ctx, 'no chat of an active reseller\'s owner or purchase user matches', result);
      case 'unknown_level': return refuse(ctx, `--level must be one of the partner levels: ${result.levels.join(', ')}`, result);
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const none = z.object({});
const id = z.string().regex(/^\d{1,12}$/, 'must be a broadcast number').transform(Number);

const send: AdminCommand = {
  usage: 'broadcast:send <broadcast number>',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(none, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    const parsed = id.safeParse(positionals[0]);
    if (!parsed.success || positionals.length !== 1) return usage(ctx, 'give the number broadcast:preview printed (one)');
    const result = await sendBroadcast(ctx.store, { actor: ctx.actor, id: parsed.data, now: ctx.now() });
    switch (result.kind) {
      case 'sent':
        await ctx.deliver(result.outboxIds);
        return done(ctx, result, [`broadcast ${result.broadcast.id} queued to ${result.reach.chats} chat(s) of ${result.reach.resellers} reseller(s): the running product (npm start) sends them at each channel's pace; npm run ops -- broadcast:history ${result.broadcast.id} says how many arrived`]);
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'not_found': return refuse(ctx, `no broadcast ${parsed.data}`, result);
      case 'already_sent': return refuse(ctx, `broadcast ${parsed.data} was sent already`, result);
      case 'nobody': return refuse(ctx, `broadcast ${parsed.data} reaches nobody now`, result);
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const line = (b: BroadcastReport) =>
  `${b.id}\t${b.sentAt ? `sent ${b.sentAt.toISOString()} by ${actorName(b.sentBy ?? '')}` : `draft by ${actorName(b.createdBy)}`}\t${audienceWords(b.audience)}\t${b.recipients} chat(s), ${b.delivered} delivered, ${b.givenUp} given up, ${b.recipients - b.delivered - b.givenUp} waiting\t${b.text.split('\n')[0]?.slice(0, 60)}`;

const history: AdminCommand = {
  usage: 'broadcast:history [<broadcast number>]  (one: every recipient and what became of the message)',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(none, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    if (positionals.length > 1) return usage(ctx, 'give at most one broadcast number');
    if (positionals.length === 0) {
      const all = await ctx.store.transaction((repos) => repos.admin.broadcasts.history(100));
      return done(ctx, { kind: 'history', broadcasts: all }, all.length === 0 ? ['no broadcasts yet'] : all.map(line));
    }
    const parsed = id.safeParse(positionals[0]);
    if (!parsed.success) return usage(ctx, 'give the broadcast number');
    const [report, recipients] = await ctx.store.transaction(async (repos) => [await repos.admin.broadcasts.report(parsed.data), await repos.admin.broadcasts.recipients(parsed.data)] as const);
    if (!report) return refuse(ctx, `no broadcast ${parsed.data}`, { kind: 'not_found' });
    return done(ctx, { kind: 'broadcast', broadcast: report, recipients }, [line(report), ...recipients.map((r) => `  ${r.partnerId} ${r.company}\t${r.username}\t${r.channel}\t${r.status.replace('_', ' ')}`)]);
  },
};

export const broadcastCommands: Record<string, AdminCommand> = {
  'broadcast:preview': preview,
  'broadcast:send': send,
  'broadcast:history': history,
};

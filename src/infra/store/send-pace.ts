import type { Knex } from 'knex';

export interface SendPaceOptions {
  /** Whose messages: one pace per chat platform. */
  channel: string;
  /** The most messages in any window; a burst of that many goes at once. */
  perWindow: number;
  /** The window, in milliseconds (a little over a second leaves room for the network's jitter). */
  windowMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Telegram: about 30 messages a second over the whole bot. */
export const TELEGRAM_PACE = { channel: 'telegram', perWindow: 30, windowMs: 1_050 } as const;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A platform's pace: a turn for each message. */
export interface SendPace {
  /** Resolves when the caller may send its message (at once, or as soon as a slot is free again). */
  take(): Promise<void>;
  /**
   * A turn only if the bot is idle: no message sent (or due) within the last window. False: try
   * later (files that may follow their message wait while messages go, without holding a worker).
   */
  spare(): Promise<boolean>;
}

/**
 * A platform's pace over the whole bot, shared by every instance through PostgreSQL: each
 * message takes the sending slot whose last message is the oldest, and goes no sooner than a
 * window after that message. A slot carries one message a window, so no window ever holds more
 * than `perWindow` messages, while a burst of up to `perWindow` after a quiet moment goes at
 * once (where one message every 1/30 s would make the 50th of a burst wait 1.7 s). Resolves
 * when the caller may send (the wait is short: only messages being sent hold slots ahead).
 */
export function sendPace(knex: Knex, options: SendPaceOptions): SendPace {
  const sleep = options.sleep ?? sleepFor;
  let slots: Promise<void> | undefined;
  // The slots are written on first use: as many as the window allows, no more.
  const ensureSlots = () =>
    (slots ??= (async () => {
      await knex.raw('insert into send_pace (channel, slot) select ?, s from generate_series(0, ?::int - 1) s on conflict do nothing', [options.channel, options.perWindow]);
      await knex('send_pace').where({ channel: options.channel }).andWhere('slot', '>=', options.perWindow).delete();
    })().catch((error: unknown) => {
      slots = undefined;
      throw error;
    }));
  async function take(): Promise<void> {
    await ensureSlots();
    for (;;) {
      const { rows } = await knex.raw<{ rows: Array<{ wait_ms: number }> }>(
        `update send_pace p set used_at = greatest(clock_timestamp(), p.used_at + ?::int * interval '1 millisecond')
         from (select slot from send_pace where channel = ? order by used_at limit 1 for update skip locked) pick
         where p.channel = ? and p.slot = pick.slot
         returning greatest(0, ceil(extract(epoch from p.used_at - clock_timestamp()) * 1000))::int as wait_ms`,
        [options.windowMs, options.channel, options.channel],
      );
      const wait = rows[0]?.wait_ms;
      // Every slot is being taken by another sender this very moment: a moment later, one is free.
      if (wait === undefined) {
        await sleep(5);
        continue;
      }
      if (wait > 0) await sleep(wait);
      return;
    }
  }
  async function spare(): Promise<boolean> {
    await ensureSlots();
    const { rows } = await knex.raw<{ rows: Array<{ slot: number }> }>(
      `update send_pace p set used_at = clock_timestamp()
       from (select slot from send_pace where channel = ? order by used_at limit 1 for update skip locked) pick
       where p.channel = ? and p.slot = pick.slot
         and not exists (select 1 from send_pace b where b.channel = ? and b.used_at > clock_timestamp() - ?::int * interval '1 millisecond')
       returning p.slot`,
      [options.channel, options.channel, options.channel, options.windowMs],
    );
    return rows.length > 0;
  }
  return { take, spare };
}

// The Admin portal's broadcasts: a message to resellers by partner level and/or country,
// previewed as a draft (who it would reach), then sent through the outbox: one message per
// private chat of the resellers' owners and purchase users, delivered by the notifications
// job at the channels' pace. Suspended resellers and removed users get nothing.
import { actorLabel, refuseUnlessAdmin, type Forbidden, type StaffActor } from '../../admin/actor';
import type { AdminStore, Audience, Broadcast, BroadcastTarget } from '../../admin/ports';

const MAX_TEXT = 4000;

/** How many resellers, users and chats a broadcast reaches. */
export interface Reach {
  resellers: number;
  users: number;
  chats: number;
}

const reachOf = (targets: readonly BroadcastTarget[]): Reach => ({
  resellers: new Set(targets.map((t) => t.resellerId)).size, users: new Set(targets.map((t) => t.userId)).size, chats: targets.length,
});

export type PreviewResult =
  | { kind: 'preview'; broadcast: Broadcast; reach: Reach }
  | { kind: 'invalid_text' | 'nobody' }
  | { kind: 'unknown_level'; levels: string[] }
  | Forbidden;

/** Keeps a broadcast as a draft and says whom it would reach now; nothing is sent. */
export async function previewBroadcast(store: AdminStore, input: { actor: StaffActor; audience: Audience; text: string; now: Date }): Promise<PreviewResult> {
  const forbidden = refuseUnlessAdmin(input.actor);
  if (forbidden) return forbidden;
  const text = input.text.trim();
  if (text.length === 0 || text.length > MAX_TEXT) return { kind: 'invalid_text' };
  const audience = { level: input.audience.level?.trim().toLowerCase() ?? null, country: input.audience.country?.trim().toUpperCase() ?? null };
  return store.transaction(async (repos): Promise<PreviewResult> => {
    const levels = await repos.admin.levels.list();
    if (audience.level !== null && !levels.some((l) => l.code === audience.level)) return { kind: 'unknown_level', levels: levels.map((l) => l.code) };
    const targets = await repos.admin.broadcasts.targets(audience);
    if (targets.length === 0) return { kind: 'nobody' };
    const broadcast = await repos.admin.broadcasts.insert({ text, audience, createdBy: actorLabel(input.actor), createdAt: input.now });
    return { kind: 'preview', broadcast, reach: reachOf(targets) };
  });
}

export type SendResult =
  | { kind: 'sent'; broadcast: Broadcast; reach: Reach; outboxIds: number[] }
  | { kind: 'not_found' | 'already_sent' | 'nobody' }
  | Forbidden;

/**
 * Sends a previewed broadcast to the chats its audience reaches now: one outbox message each,
 * in one transaction with the record of who it went to. The caller queues their delivery.
 */
export async function sendBroadcast(store: AdminStore, input: { actor: StaffActor; id: number; now: Date }): Promise<SendResult> {
  const forbidden = refuseUnlessAdmin(input.actor);
  if (forbidden) return forbidden;
  return store.transaction(async (repos): Promise<SendResult> => {
    const draft = await repos.admin.broadcasts.get(input.id, { forUpdate: true });
    if (!draft) return { kind: 'not_found' };
    if (draft.sentAt) return { kind: 'already_sent' };
    const targets = await repos.admin.broadcasts.targets(draft.audience);
    if (targets.length === 0) return { kind: 'nobody' };
    const recipients: Array<{ resellerId: string; userId: string; outboxId: number }> = [];
    for (const t of targets) {
      const outboxId = await repos.outbox.add({
        kind: 'broadcast', dedupeKey: `broadcast:${draft.id}:${t.channel}:${t.chatId}:${t.userId}`, orderId: null, userId: t.userId, channel: t.channel, chatId: t.chatId,
        payload: { broadcastId: draft.id, text: draft.text },
      });
      if (outboxId !== undefined) recipients.push({ resellerId: t.resellerId, userId: t.userId, outboxId: Number(outboxId) });
    }
    await repos.admin.broadcasts.markSent(draft.id, actorLabel(input.actor), input.now, recipients);
    const reach = reachOf(targets);
    await repos.audit.append({ actor: actorLabel(input.actor), action: 'broadcast.sent', subject: `broadcast:${draft.id}`, details: { before: { sentAt: null }, after: { sentAt: input.now.toISOString() }, audience: draft.audience, ...reach } });
    return { kind: 'sent', broadcast: { ...draft, sentAt: input.now, sentBy: actorLabel(input.actor) }, reach, outboxIds: recipients.map((r) => r.outboxId) };
  });
}

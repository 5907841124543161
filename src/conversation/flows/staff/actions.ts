// What staff type for an action (a bank transfer, where a license goes, a correction) and the
// domain action a finished prompt asks for.
import type { StaffAction } from '../../../domain/use-cases/staff/actions';
import type { StaffInput, StaffStep } from './types';

/** "NL-TRX-88123 2212.39" → the reference and the cents, exactly. */
function paymentInput(text: string): StaffInput | undefined {
  const match = /^(.*\S)\s+(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const reference = match[1].trim();
  if (reference.length > 100) return undefined;
  return { kind: 'payment', bankReference: reference, amountCents: Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0')) };
}

function moveInput(text: string): StaffInput | undefined {
  const trimmed = text.trim();
  const reseller = /^reseller\s+(\S+)$/i.exec(trimmed);
  if (reseller?.[1]) return { kind: 'move', move: { to: 'reseller', partnerId: reseller[1] } };
  return trimmed && trimmed.length <= 200 ? { kind: 'move', move: { to: 'customer', company: trimmed } } : undefined;
}

function correctionInput(text: string): StaffInput | undefined {
  const date = /^(expiry|maintenance)\s+(\d{4}-\d{2}-\d{2})$/i.exec(text.trim());
  if (date?.[1] && date[2]) return { kind: 'correct', correction: { field: date[1].toLowerCase() === 'expiry' ? 'expiresOn' : 'maintenanceUntil', date: date[2] } };
  const sc = /^sc\s+(\d{1,4})$/i.exec(text.trim());
  return sc?.[1] ? { kind: 'correct', correction: { field: 'sc', sc: Number(sc[1]) } } : undefined;
}

export const PARSE: Record<'confirm' | 'move' | 'correct', (text: string) => StaffInput | undefined> = { confirm: paymentInput, move: moveInput, correct: correctionInput };

/** The domain action a finished prompt asks for. */
export function actionOf(step: Extract<StaffStep, { name: 'staff_ask' }>): StaffAction | undefined {
  const { target } = step.card;
  const input = step.input;
  switch (step.verb) {
    case 'confirm': return input?.kind === 'payment' ? { kind: 'confirm_payment', orderId: target.id, bankReference: input.bankReference, amountCents: input.amountCents } : undefined;
    case 'cancel': return { kind: 'cancel_order', orderId: target.id };
    case 'refund': return { kind: 'refund_order', orderId: target.id };
    case 'refund_pay': {
      const providerRef = step.arg === null ? undefined : step.card.kept[step.arg];
      return providerRef ? { kind: 'refund_payment', orderId: target.id, providerRef } : undefined;
    }
    case 'resend': return { kind: 'resend_invoice', orderId: target.id };
    case 'move': return input?.kind === 'move' ? { kind: 'move_license', licenseId: target.id, move: input.move } : undefined;
    case 'correct': return input?.kind === 'correct' ? { kind: 'correct_license', licenseId: target.id, correction: input.correction } : undefined;
    case 'note': return { kind: 'note', subject: target };
    default: {
      const never: never = step.verb;
      throw new Error(`unknown staff verb ${String(never)}`);
    }
  }
}

// The message of a step: each flow draws its own steps (flows/<flow>/steps.ts); this looks the
// step up in the table of flows.
import type { StepContext, StepDef } from './flow';
import { STEPS } from './flows/index';
import type { Reply } from './reply';
import type { ConversationState, Step } from './state';

export type { StepContext } from './flow';
export { menuButtons } from './flows/menu/steps';

/** The definition of the step `step` is at. */
export function stepDef(step: Step): StepDef<Step> {
  return STEPS[step.name] as unknown as StepDef<Step>;
}

/** The message of a step, without the nonce on its buttons. */
export function view(step: Step, state: ConversationState, ctx: StepContext): Reply {
  const reply = stepDef(step).view(step, state, ctx);
  return { ...reply, buttons: reply.buttons.filter((row) => row.length > 0) };
}

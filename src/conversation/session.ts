import type { ConversationState } from './state';

/** The state's session with a new cart count, as a patch of the state. */
export function withCartCount(state: ConversationState, cartCount: number): Partial<ConversationState> {
  return state.session ? { session: { ...state.session, cartCount } } : {};
}

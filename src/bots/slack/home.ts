// The App Home tab: the user's home page (see conversation/home) as a Slack home view. Its
// buttons act in the user's direct messages with the bot, whose channel id the view keeps.
import type { HomeView } from '../../conversation/home/home';
import { t } from '../../conversation/wording';
import { renderReply, type SlackBlock } from './render';

/** The action id of the guest's Log in button: it starts the login in the direct messages. */
export const HOME_LOGIN_ACTION = 'home_login';
/** Slack's limit of blocks in a home view. */
const HOME_BLOCKS_MAX = 100;

export interface SlackHomeView {
  type: 'home';
  /** The user's direct-message channel with the bot, where the buttons' answers go. */
  private_metadata: string;
  blocks: Array<SlackBlock | { type: 'divider' }>;
}

export function renderHome(view: HomeView, directMessages: string): SlackHomeView {
  if (view.kind === 'guest') {
    return {
      type: 'home',
      private_metadata: directMessages,
      blocks: [
        { type: 'section', text: { type: 'plain_text', text: view.text, emoji: true } },
        { type: 'actions', block_id: 'login', elements: [{ type: 'button', action_id: HOME_LOGIN_ACTION, text: { type: 'plain_text', text: t.home.logIn, emoji: true }, value: 'login' }] },
      ],
    };
  }
  const blocks: SlackHomeView['blocks'] = [];
  view.sections.forEach((section, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    // Block and action ids are unique within a view: each section's are named after the section.
    for (const block of renderReply(section).flatMap((m) => m.blocks)) {
      blocks.push(block.type === 'actions' ? { ...block, block_id: `s${i}_${block.block_id}`, elements: block.elements.map((e) => ({ ...e, action_id: `s${i}_${e.action_id}` })) } : block);
    }
  });
  return { type: 'home', private_metadata: directMessages, blocks: blocks.slice(0, HOME_BLOCKS_MAX) };
}

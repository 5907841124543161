// Help: what the assistant does and the commands that work at every step.
import { navButton } from '../../buttons';
import type { Flow } from '../../flow';
import { t } from '../../wording';

export type HelpStep = { name: 'help' };

export const helpFlow: Flow<'help', never> = {
  steps: {
    help: {
      flow: 'help',
      view: () => ({ text: t.help.text, buttons: [[navButton('menu', t.toMenu)]], secret: false }),
      expects: () => t.expectChoice,
    },
  },
  answers: {},
  intents: {},
};

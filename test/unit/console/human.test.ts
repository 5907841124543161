// The console's human mode: numbered choices, navigation as letters that never collide with a
// number typed as a value, links printed rather than pressed.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runHumanConsole } from '../../../src/bots/console/human';
import type { ConversationEngine } from '../../../src/conversation/engine';
import type { Input } from '../../../src/conversation/input';
import type { Reply } from '../../../src/conversation/reply';

const quantityPrompt: Reply = {
  text: 'Professional 16 SC: how many licenses?',
  buttons: [
    ['1', '2', '3', '4', '5'].map((n) => ({ id: `7:new.quantity.${n}`, label: n })),
    [{ id: '7:nav.back', label: '« Back' }, { id: '7:nav.cancel', label: 'Cancel' }],
  ],
  secret: false,
};
const menu: Reply = {
  text: 'Main menu.',
  buttons: [[{ id: '8:menu.buy', label: 'Buy' }, { id: '8:menu.cart', label: 'Cart' }], [{ url: 'https://pay.example/1', label: 'Pay' }, { id: '8:nav.menu', label: 'Main menu' }]],
  secret: false,
};

/** Runs the console on `lines`, with an engine that records inputs and answers `reply` to each. */
async function run(first: Reply, lines: string[], answer: Reply = first): Promise<{ inputs: Input[]; output: string }> {
  const inputs: Input[] = [];
  const engine = {
    resume: async () => [first],
    handle: async (_key: unknown, input: Input) => {
      inputs.push(input);
      return [answer];
    },
  } as unknown as ConversationEngine;
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk) => (printed += String(chunk)));
  // Piped in before the greeting is even shown: no line may be lost.
  input.end(lines.map((l) => `${l}\n`).join(''));
  await runHumanConsole(engine, { channel: 'console', chatId: 'c', userId: 'u' }, { input, output });
  return { inputs, output: printed };
}

describe('the human console', () => {
  it('gives navigation buttons letters, so that typing 6 at a quantity prompt is six licenses and b goes back', async () => {
    const { inputs, output } = await run(quantityPrompt, ['6', 'b', 'c', '3']);
    expect(output).toContain('[1] 1   [2] 2   [3] 3   [4] 4   [5] 5');
    expect(output).toContain('[b] « Back   [c] Cancel');
    expect(inputs).toEqual([
      { kind: 'text', text: '6' },
      { kind: 'press', id: '7:nav.back' },
      { kind: 'press', id: '7:nav.cancel' },
      { kind: 'text', text: '3' },
    ]);
  });

  it('numbers the other buttons, prints a link instead of pressing it, and sends anything else as text', async () => {
    const { inputs, output } = await run(menu, ['2', '3', 'm', 'hello']);
    expect(output).toContain('[1] Buy   [2] Cart');
    expect(output).toContain('[3] Pay (https://pay.example/1)   [m] Main menu');
    expect(output).toContain('Open this address in your browser: https://pay.example/1');
    expect(inputs).toEqual([{ kind: 'press', id: '8:menu.cart' }, { kind: 'press', id: '8:nav.menu' }, { kind: 'text', text: 'hello' }]);
  });
});

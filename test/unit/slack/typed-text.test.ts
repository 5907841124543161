import { describe, expect, it } from 'vitest';
import { typedText } from '../../../src/bots/slack/slack-bot';

describe('typedText: what a Slack user typed, as they typed it', () => {
  it.each([
    ['Smith &amp; Sons', 'Smith & Sons'],
    ['a &lt;b&gt; c', 'a <b> c'],
    ['&amp;lt;', '&lt;'],
    ['see <https://example.com|example.com>', 'see example.com'],
    ['<https://example.com/a?b=1&amp;c=2>', 'https://example.com/a?b=1&c=2'],
    ['<mailto:ann@example.com|ann@example.com>', 'ann@example.com'],
    ['7Q2M-4K8P-ZX3N-1A9B', '7Q2M-4K8P-ZX3N-1A9B'],
  ])('%s → %s', (sent, typed) => {
    expect(typedText(sent)).toBe(typed);
  });
});

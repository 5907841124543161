import { describe, expect, it } from 'vitest';
import { isGreeting, isValidUsername } from '../../../../src/domain/accounts/usernames';

describe('login names', () => {
  it('are 3 to 60 letters, digits or . _ @ -', () => {
    for (const ok of ['demo', 'sales1', 'anna.owner', 'a_b-c@acme.example', 'x'.repeat(60)]) expect(isValidUsername(ok)).toBe(true);
    for (const bad of ['ab', 'x'.repeat(61), 'anna owner', 'anna!', 'änna', '']) expect(isValidUsername(bad)).toBe(false);
  });

  it('are never a greeting, which the username prompt greets instead', () => {
    for (const greeting of ['hello', 'Hey', 'hiya', 'howdy', 'start', 'login']) {
      expect(isGreeting(greeting)).toBe(true);
      expect(isValidUsername(greeting)).toBe(false);
    }
    expect(isGreeting('Good  Morning!!')).toBe(true);
    expect(isGreeting('hello world')).toBe(false);
    expect(isGreeting('hidde')).toBe(false);
  });
});

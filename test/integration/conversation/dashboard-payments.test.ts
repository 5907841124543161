// The dashboard's bank details name online payment (the distributor's note) only where card or
// MultiSafepay pages are configured; flows-account.test.ts has the chat with bank transfer only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastText } from '../../support/console-flows';
import { paymentsHarness, type PaymentsHarness } from '../../support/payments-harness';

describe('the dashboard with card and MultiSafepay configured', () => {
  let h: PaymentsHarness;
  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'postgres' });
    await h.login();
  }, 60_000);
  afterAll(async () => h?.close());

  it('ends its bank details with the online payment note', async () => {
    const dashboard = await h.chat.send('dashboard');
    expect(lastText(dashboard)).toMatch(/\n {2}Bank: ABN AMRO, Amsterdam, Netherlands\nOnline payment:\n {2}Pay by card or through MultiSafepay from the checkout\.$/);
  });
});

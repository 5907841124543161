import { describe, expect, it } from 'vitest';
import { emptyCart, removeFromCart, viewCart } from '../../../../src/domain/use-cases/cart';
import { MemoryDatabaseError } from '../../../fakes/memory-store';
import { NOW, OTHER_RESELLER_ID, TODAY, aReseller, anAnnualLicense, aPerpetualLicense } from '../../../fakes/mother';
import { aWorldWithUsers, expectKind, newLicense } from './world';

describe('addToCart', () => {
  it('prices the line and puts it in the cart, for every role that may fill a cart', async () => {
    const world = aWorldWithUsers();
    for (const user of [world.owner, world.purchase, world.sales]) {
      const added = expectKind(await world.add(user, newLicense({ quantity: 2, additionalYears: 1 })), 'added');
      expect(added.lineCount).toBe(1);
      expect(added.line.quote).toEqual({
        kind: 'new_license', listCents: 238_000, unitPriceCents: 59_500,
        newExpiresOn: '2028-11-26', quantity: 2, years: 2, edition: 'professional', sc: 16,
      });
    }
    expect(world.store.state.cartLines).toHaveLength(3);
    expect(world.store.state.carts.map((c) => c.userId)).toEqual([world.owner.id, world.purchase.id, world.sales.id]);
  });

  it('refuses support users and leaves no cart behind', async () => {
    const world = aWorldWithUsers();
    expect(await world.add(world.support, newLicense())).toEqual({ kind: 'not_allowed' });
    expect(world.store.state.cartLines).toEqual([]);
    expect(world.store.state.carts).toEqual([]);
  });

  it('counts the lines, oldest first', async () => {
    const world = aWorldWithUsers();
    const first = expectKind(await world.add(world.owner, newLicense({ sc: 4 })), 'added');
    const second = expectKind(await world.add(world.owner, newLicense({ sc: 8 })), 'added');
    expect([first.lineCount, second.lineCount]).toEqual([1, 2]);
    const { lines, totals } = await world.run((repos) => viewCart(repos, { user: world.owner, reseller: world.reseller }));
    expect(lines.map((l) => l.id)).toEqual([first.line.id, second.line.id]);
    expect(totals).toMatchObject({ listCents: 54_500, partnerDiscountCents: 13_625, subtotalCents: 40_875, vatCents: 8_584, totalCents: 49_459 });
  });

  it('holds a key once, whatever way it was typed', async () => {
    const license = anAnnualLicense();
    const world = aWorldWithUsers({ licenses: [license] });
    expectKind(await world.add(world.owner, { kind: 'renew_annual', licenseId: license.id, licenseKey: license.key, years: 1 }), 'added');
    const typed = ` ${license.key.toLowerCase().replace(/-/g, ' ')} `;
    expect(await world.add(world.owner, { kind: 'upgrade', licenseId: license.id, licenseKey: typed, toEdition: 'enterprise', toSc: 16 })).toEqual({
      kind: 'duplicate_key',
      licenseKey: license.key,
    });
    expect(world.store.state.cartLines).toHaveLength(1);
  });

  it('takes 20 lines and refuses the 21st', async () => {
    const world = aWorldWithUsers();
    for (let i = 1; i <= 20; i += 1) {
      expect(await world.add(world.owner, newLicense())).toMatchObject({ kind: 'added', lineCount: i });
    }
    expect(await world.add(world.owner, newLicense())).toEqual({ kind: 'cart_full' });
    expect(world.store.state.cartLines).toHaveLength(20);
  });

  it('is stopped by the store as well when a 21st line gets past the check', async () => {
    const world = aWorldWithUsers();
    for (let i = 0; i < 20; i += 1) await world.add(world.owner, newLicense());
    const { quote } = expectKind(await world.add(world.purchase, newLicense()), 'added').line;
    const sneak = world.run((repos) => repos.carts.add(world.owner.id, world.owner.resellerId, { request: newLicense(), quote, quotedOn: TODAY }));
    await expect(sneak).rejects.toThrow(new MemoryDatabaseError('a cart holds at most 20 lines', '23514'));
    const ownerCart = world.store.state.carts.find((c) => c.userId === world.owner.id)?.id;
    expect(world.store.state.cartLines.filter((l) => l.cartId === ownerCart)).toHaveLength(20);
  });

  it('answers another reseller’s key exactly as a missing one', async () => {
    const theirs = anAnnualLicense({ resellerId: OTHER_RESELLER_ID });
    const world = aWorldWithUsers({ resellers: [aReseller({ id: OTHER_RESELLER_ID })], licenses: [theirs] });
    const other = await world.add(world.owner, { kind: 'renew_annual', licenseId: theirs.id, licenseKey: theirs.key, years: 1 });
    const missing = await world.add(world.owner, { kind: 'renew_annual', licenseId: theirs.id, licenseKey: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', years: 1 });
    expect(other).toEqual({ kind: 'refused', quote: { kind: 'not_found' } });
    expect(missing).toEqual(other);
    expect(world.store.state.cartLines).toEqual([]);
  });

  it('binds the line to the license the key belongs to, not to the id the caller sent', async () => {
    const mine = anAnnualLicense();
    const theirs = anAnnualLicense({ resellerId: OTHER_RESELLER_ID });
    const world = aWorldWithUsers({ resellers: [aReseller({ id: OTHER_RESELLER_ID })], licenses: [mine, theirs] });
    const added = expectKind(await world.add(world.owner, { kind: 'renew_annual', licenseId: theirs.id, licenseKey: mine.key.toLowerCase(), years: 2 }), 'added');
    expect(added.line.request).toEqual({ kind: 'renew_annual', licenseId: mine.id, licenseKey: mine.key, years: 2 });
    expect(added.line.quote).toMatchObject({ listCents: 119_000, newExpiresOn: '2029-06-14' });
    expect(world.store.state.cartLines.map((l) => l.licenseId)).toEqual([mine.id]);
  });

  it('refuses a line the license cannot have, with the reason', async () => {
    const expired = anAnnualLicense({ expiresOn: '2026-11-25' });
    const perpetual = aPerpetualLicense();
    const world = aWorldWithUsers({ licenses: [expired, perpetual] });
    const upgrade = await world.add(world.owner, { kind: 'upgrade', licenseId: expired.id, licenseKey: expired.key, toEdition: 'professional', toSc: 32 });
    expect(upgrade).toMatchObject({ kind: 'refused', quote: { kind: 'expired', license: { id: expired.id } } });
    const renew = await world.add(world.owner, { kind: 'renew_annual', licenseId: perpetual.id, licenseKey: perpetual.key, years: 1 });
    expect(renew).toMatchObject({ kind: 'refused', quote: { kind: 'wrong_type', expected: 'annual' } });
    expect(await world.add(world.owner, newLicense({ quantity: 51 }))).toEqual({ kind: 'refused', quote: { kind: 'invalid_quantity' } });
    expect(world.store.state.cartLines).toEqual([]);
  });
});

describe('removeFromCart and emptyCart', () => {
  it('remove only the user’s own lines', async () => {
    const world = aWorldWithUsers();
    const mine = expectKind(await world.add(world.owner, newLicense()), 'added').line;
    const theirs = expectKind(await world.add(world.purchase, newLicense()), 'added').line;
    expect(await world.run((repos) => removeFromCart(repos, { user: world.owner, lineId: theirs.id, now: NOW }))).toBe(false);
    expect(await world.run((repos) => removeFromCart(repos, { user: world.owner, lineId: mine.id, now: NOW }))).toBe(true);
    expect(await world.run((repos) => removeFromCart(repos, { user: world.owner, lineId: mine.id, now: NOW }))).toBe(false);
    await world.add(world.owner, newLicense());
    await world.run((repos) => emptyCart(repos, { user: world.owner, now: NOW }));
    expect(world.store.state.cartLines.map((l) => l.id)).toEqual([theirs.id]);
  });
});

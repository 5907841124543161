// The pricing domain: catalog, license keys and licenses, line quotes, totals, coupons, cart.
export * from './money';
export * from './dates';
export * from './catalog';
export * from './license-key';
export * from './license';
export * from './verification';
export * from './upgrade-paths';
export * from './line';
export * from './quote';
export * from './totals';
export * from './coupon';
export * from './cart';

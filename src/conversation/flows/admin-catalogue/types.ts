// What the catalogue-and-messages part of the admin chat keeps in its steps (JSON-safe): partner
// levels, price lists, coupons and broadcasts, over the Admin portal's use cases.
import type { CouponRequest } from '../../../domain/use-cases/admin/coupons';

/** A partner level as its list shows it. */
export interface LevelView {
  code: string;
  name: string;
  discountBp: number;
  resellers: number;
}

/** A change of a level as typed: a null name or discount stays as it is. */
export interface LevelChange {
  code: string;
  name: string | null;
  discountBp: number | null;
}

/** Whom a broadcast goes to: a partner level and/or a country, or (both null) every reseller. */
export interface AudienceView {
  level: string | null;
  country: string | null;
}

/** How many a previewed broadcast reaches. */
export interface ReachView {
  resellers: number;
  users: number;
  chats: number;
}

export type CatalogueStep =
  | { name: 'cat_menu' }
  | { name: 'cat_levels'; levels: LevelView[] }
  /** A level's change (or a new level: `before` null), shown before it is saved. */
  | { name: 'cat_level_confirm'; change: LevelChange; before: LevelView | null; levels: LevelView[] }
  | { name: 'cat_prices' }
  /** Importing a price list: the day it takes effect first (null: not given yet), then its lines. */
  | { name: 'cat_price_import'; effective: string | null }
  | { name: 'cat_price_confirm'; effective: string; csv: string; lines: string[] }
  | { name: 'cat_coupons' }
  | { name: 'cat_coupon_create' }
  | { name: 'cat_coupon_confirm'; request: CouponRequest }
  | { name: 'cat_coupon_disable' }
  | { name: 'cat_coupon_disable_confirm'; code: string }
  /** The use of every coupon, or of one (`code`: the coupon as stored). */
  | { name: 'cat_coupon_report'; lines: string[]; code?: string }
  /** The code of the one coupon to report on, asked. */
  | { name: 'cat_coupon_one' }
  | { name: 'cat_broadcasts' }
  | { name: 'cat_broadcast_text' }
  | { name: 'cat_broadcast_audience'; text: string }
  | { name: 'cat_broadcast_confirm'; id: number; text: string; audience: AudienceView; reach: ReachView }
  /** `ids`: the sent broadcasts among the lines, each with a button to its recipients (absent in a state kept before they had one). */
  | { name: 'cat_broadcast_history'; lines: string[]; ids?: number[] }
  /** One page of a sent broadcast's recipients: `header` says the broadcast, `lines` the chats of this page. */
  | { name: 'cat_broadcast_recipients'; id: number; header: string; lines: string[]; page: number; total: number };

// The chat's way to the Admin portal's partner levels, price lists, coupons and broadcasts: the
// same use cases as `npm run ops`, each a transaction of its own.
import type { CatalogueDesk } from '../../../conversation/flows/admin-catalogue/commands';
import type { AdminStore } from '../../../domain/admin/ports';
import { previewBroadcast, sendBroadcast } from '../../../domain/use-cases/admin/broadcasts';
import { couponReport, createCoupon, disableCoupon } from '../../../domain/use-cases/admin/coupons';
import { listPartnerLevels, setPartnerLevel } from '../../../domain/use-cases/admin/levels';
import { exportPriceList, importPriceList } from '../../../domain/use-cases/admin/prices';

export function catalogueDesk(store: AdminStore): CatalogueDesk {
  return {
    levels: () => listPartnerLevels(store),
    setLevel: (input) => setPartnerLevel(store, input),
    importPrices: (input) => importPriceList(store, input),
    exportPrices: (input) => exportPriceList(store, input),
    createCoupon: (input) => createCoupon(store, input),
    disableCoupon: (input) => disableCoupon(store, input),
    couponReport: (input) => couponReport(store, input),
    previewBroadcast: (input) => previewBroadcast(store, input),
    sendBroadcast: (input) => sendBroadcast(store, input),
    broadcastHistory: (limit) => store.transaction((repos) => repos.admin.broadcasts.history(limit)),
    broadcastRecipients: (id) => store.transaction(async (repos) => {
      const report = await repos.admin.broadcasts.report(id);
      return report ? { report, recipients: await repos.admin.broadcasts.recipients(id) } : null;
    }),
  };
}

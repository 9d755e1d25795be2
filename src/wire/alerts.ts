import { canDismissWireAlert, isAdmin, type SignedInUser } from '../accounts/policy.js';
import type { Db } from '../db/schema.js';
import { listOpenAlerts, type WireAlert } from './store.js';

export type ShownAlert = WireAlert & { canDismiss: boolean };

/** The open kill and withhold alerts `user` may see (wire desk, dashboard), each with whether they may dismiss it. */
export async function openAlertsFor(db: Db, user: SignedInUser): Promise<ShownAlert[]> {
  const alerts = await listOpenAlerts(db, { editions: isAdmin(user) ? undefined : user.editions });
  return alerts.map((alert) => ({ ...alert, canDismiss: canDismissWireAlert(user, alert) }));
}

import type { Actor } from '../domain/actor';
import { refersTo } from '../domain/actor';
import type { AppRecord } from '../domain/app-record';
import { AppError } from '../domain/errors';
import type { Policy } from './policy';

/** Throws `app.not_owner` unless the actor owns or backs up the app, or holds the admin role. */
export function assertSteward(app: AppRecord, actor: Actor, policy: Policy): void {
  const admin = policy.roles.admin?.members.some((m) => refersTo(m, actor)) ?? false;
  if (!admin && !refersTo(app.owner, actor) && !refersTo(app.backupOwner, actor)) {
    throw new AppError('app.not_owner', `Only the owner or backup owner of "${app.name}" can do that.`, {
      appName: app.name,
    });
  }
}

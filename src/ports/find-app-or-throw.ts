import type { AppRecord } from '../domain/app-record';
import { AppError } from '../domain/errors';
import type { RegistryTx } from './registry';

/** Finds an app by id or name inside a transaction, or throws `app.not_found`. */
export async function findAppOrThrow(tx: Pick<RegistryTx, 'apps'>, idOrName: string): Promise<AppRecord> {
  const app = (await tx.apps.find(idOrName)) ?? (await tx.apps.findByName(idOrName));
  if (!app) throw new AppError('app.not_found', `No app called "${idOrName}" is registered.`);
  return app;
}

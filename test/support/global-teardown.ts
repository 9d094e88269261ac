import { removeTestTempRoot } from './test-temp-root';

/** Ends the run: removes the temp folder every test's temp dirs were made in. */
export default async function globalTeardown(): Promise<void> {
  removeTestTempRoot();
}

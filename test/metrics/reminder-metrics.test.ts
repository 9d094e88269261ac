import { createPrometheusMetrics } from '../../src/metrics/prometheus-metrics';
import { seedExpiringApps } from '../support/seed-expiring';
import { testCore } from '../support/test-core';
import { createTestRegistry } from '../support/test-databases';
import { loadTestPolicy } from '../support/test-policy';

test('reminders sent count by obligation; reminders held for working hours show as due, with their age', async () => {
  const registry = await createTestRegistry('sqlite');
  try {
    await seedExpiringApps(registry, 3, ['slack:UOWNER', 'slack:UOTHER'], '2027-11-23T10:00:00.000Z');
    const metrics = createPrometheusMetrics();
    let now = new Date('2027-11-03T10:00:00.000Z');
    const clock = { now: () => now };
    metrics.readFrom(registry, clock);
    const core = testCore(registry, await loadTestPolicy(), clock, ['slack'], metrics);
    await core.runDueWork({ dryRun: true });
    expect(await metrics.scrape()).not.toMatch(/^microapp_reminders_sent_total\{/m);
    await core.runDueWork();
    expect(await metrics.scrape()).toMatch(/^microapp_reminders_sent_total\{obligation="recertification"\} 3$/m);
    await seedExpiringApps(registry, 1, ['slack:ULATE'], '2027-11-24T10:00:00.000Z', 'Late app');
    now = new Date('2027-11-06T10:00:00.000Z');
    await core.runDueWork();
    now = new Date('2027-11-06T12:00:00.000Z');
    const text = await metrics.scrape();
    expect(text).toMatch(/^microapp_reminders_due 1$/m);
    expect(text).toMatch(
      new RegExp(
        `^microapp_reminders_oldest_due_seconds ${(now.getTime() - Date.parse('2027-10-25T10:00:00.000Z')) / 1000}$`,
        'm',
      ),
    );
  } finally {
    await registry.close();
  }
});

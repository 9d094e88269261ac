import { createPrometheusMetrics } from '../../src/metrics/prometheus-metrics';
import { tier1 } from '../support/manifests';
import { testCore } from '../support/test-core';
import { createTestRegistry } from '../support/test-databases';
import { loadTestPolicy } from '../support/test-policy';

test('discovered items by source and state, and coverage per source and over all, read at each scrape', async () => {
  const registry = await createTestRegistry('sqlite');
  try {
    const metrics = createPrometheusMetrics();
    const clock = { now: () => new Date('2026-12-07T10:00:00.000Z') };
    metrics.readFrom(registry, clock);
    const core = testCore(registry, await loadTestPolicy(), clock, ['slack'], metrics);
    const cli = { platform: 'cli' as const, userId: 'ops' };
    const csv = 'id,name\nz-1,One\nz-2,Two\nz-3,Three\nz-4,Four\n';
    await core.importDiscovered({ source: 'zapier', fileName: 'zaps.csv', text: csv }, cli);
    expect(await metrics.scrape()).toMatch(/^microapp_discovery_coverage\{source="zapier"\} 0$/m);
    await core.submitRegistration(tier1({ externalRefs: ['zapier:z-2'] }), { platform: 'slack', userId: 'UOWNER' });
    const text = await metrics.scrape();
    expect(text).toMatch(/^microapp_discovery_items\{source="zapier",state="new"\} 3$/m);
    expect(text).toMatch(/^microapp_discovery_items\{source="zapier",state="registered"\} 1$/m);
    expect(text).toMatch(/^microapp_discovery_coverage\{source="zapier"\} 0.25$/m);
    expect(text).toMatch(/^microapp_discovery_coverage\{source="all"\} 0.25$/m);
  } finally {
    await registry.close();
  }
});

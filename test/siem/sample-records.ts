import type { SiemRecord } from '../../src/domain/siem-record';

/** SIEM records as the forwarder makes them: the first about an app (tagged), the second about a policy (untagged). */
export function sampleRecords(): SiemRecord[] {
  return [
    {
      seq: 41,
      id: '0b7e3c1a-6a53-4c47-9f0e-8d2c5b1f4a10',
      at: '2026-12-07T10:00:00.000Z',
      action: 'app.registered',
      outcome: 'success',
      actor: { platform: 'slack', user: 'slack:T1/U123' },
      target: { type: 'app', id: 'app-1' },
      reason: null,
      policyVersion: 'p-2026-12',
      riskScore: 40,
      details: { tier: 2 },
      hash: 'a'.repeat(64),
      app: { id: 'app-1', name: 'Relevé des dépenses, équipe', tier: 2, owner: 'ana@example.com' },
    },
    {
      seq: 42,
      id: '5d1f2e3a-1111-4c47-9f0e-8d2c5b1f4a11',
      at: '2026-12-07T10:00:01.500Z',
      action: 'policy.reloaded',
      outcome: 'refused',
      actor: { platform: 'cli', user: 'cli:ops' },
      target: { type: 'policy', id: 'p-2026-12' },
      reason: 'a rule does not compile',
      policyVersion: null,
      riskScore: null,
      details: {},
      hash: 'b'.repeat(64),
    },
  ];
}

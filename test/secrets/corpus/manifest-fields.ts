/** A free-text field of the manifest and how a sample is placed in it. */
export interface FieldPlacement {
  /** The path a finding must name. */
  path: string;
  place: (sample: string) => Record<string, unknown>;
}

/** Every free-text field of a manifest, each holding the sample as people type it there. */
export const FREE_TEXT_FIELDS: readonly FieldPlacement[] = [
  { path: 'name', place: (s) => ({ name: s }) },
  { path: 'purpose', place: (s) => ({ purpose: `Weekly export for the finance team. ${s}` }) },
  { path: 'businessUnit', place: (s) => ({ businessUnit: s }) },
  { path: 'decommissionPlan', place: (s) => ({ decommissionPlan: `Before retiring it: ${s}` }) },
  { path: 'builtWith', place: (s) => ({ builtWith: s }) },
  {
    path: 'integrations.0.system',
    place: (s) => ({ integrations: [{ system: s, access: 'read', requiresSecret: true }] }),
  },
  { path: 'thirdPartyLibraries.1', place: (s) => ({ thirdPartyLibraries: ['lodash@4.17.21', s] }) },
  { path: 'productionEndpoints.0', place: (s) => ({ productionEndpoints: [s] }) },
  { path: 'requestedScopes.0', place: (s) => ({ requestedScopes: [s, 'chat:write'] }) },
  { path: 'healthEndpoint', place: (s) => ({ healthEndpoint: s }) },
];

/** Share of `hits` in `total`, and the samples that went the wrong way, for one field. */
export interface FieldScore {
  field: string;
  rate: number;
  wrong: string[];
}

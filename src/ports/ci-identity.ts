/** A CI job as its identity token proves it: the provider, the repository it runs for, and the token's id. */
export interface CiIdentity {
  provider: 'github' | 'gitlab';
  /** `owner/name` on GitHub, the project path on GitLab. */
  repository: string;
  /** The numeric id of the repository's owner (GitHub `repository_owner_id`, GitLab `namespace_id`). */
  ownerId: string;
  /** The token's `sub` (which branch, environment or pull request). */
  subject: string;
  jti: string;
  expiresAt: string;
}

/** Checks a CI identity token against its issuer's published keys; a refusal says why and what to fix. */
export interface CiIdentityVerifier {
  verify(token: string): Promise<{ ok: true; identity: CiIdentity } | { ok: false; reason: string }>;
}

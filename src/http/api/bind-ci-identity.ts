import type { CiIdentity } from '../../ports/ci-identity';
import type { Registry } from '../../ports/registry';

/** The `owner/name` path of a repository address, lower case (GitHub and GitLab paths ignore case). */
function repositoryPath(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url.trim().replace(/\.git$/, '')).pathname.replace(/^\/+|\/+$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
}

/** True when a manifest declares the repository (path and owner id) the CI job proved it runs in. */
function declares(manifest: { repository?: unknown; repositoryOwnerId?: unknown }, id: CiIdentity): boolean {
  return (
    repositoryPath(manifest.repository) === id.repository.toLowerCase() &&
    String(manifest.repositoryOwnerId ?? '').trim() === id.ownerId
  );
}

/**
 * Why a CI job may not ask the gate about this manifest, or undefined when it may: the file must
 * declare the repository and owner id the job's token proves, and so must the app as registered
 * (its current revision), so a job elsewhere cannot ask about, or pose as, another team's app.
 */
export async function bindCiIdentity(
  deps: { registry: Pick<Registry, 'read'> },
  id: CiIdentity,
  manifest: unknown,
): Promise<string | undefined> {
  const file = (manifest && typeof manifest === 'object' ? manifest : {}) as Record<string, unknown>;
  const where = `${id.repository} (owner id ${id.ownerId})`;
  if (!declares(file, id))
    return `This job runs in ${where}, but the manifest does not declare it: set repository to its https address and repositoryOwnerId to ${id.ownerId}, and register the change.`;
  const name = typeof file.name === 'string' ? file.name : '';
  const registered = await deps.registry.read(async (tx) => {
    const app = await tx.apps.findByName(name);
    return app && (await tx.revisions.find(app.currentRevisionId));
  });
  if (registered && !declares(registered.manifest, id))
    return `"${name}" as registered does not declare ${where} as its repository, so a job there may not ask about it. Its owner registers the change with repository and repositoryOwnerId set.`;
  return undefined;
}

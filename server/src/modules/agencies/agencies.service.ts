import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { agencySchema } from '../../config.js';
import { ValidationError } from '../../platform/errors.js';
import type { AgenciesRepository, ApiKeyEntry } from './agencies.repository.js';

const hash = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Agencies that may post to the HTTP feeds, and their API keys: keys from the environment
 * (FEED_API_KEYS) and keys made with the admin command (kept as hashes in the database).
 */
export function createAgenciesService(deps: {
  repo: AgenciesRepository;
  envKeys: Array<{ agency: string; key: string }>;
}) {
  const envHashes = deps.envKeys.map(({ agency, key }) => ({ agency, hash: Buffer.from(hash(key), 'hex') }));

  return {
    /** The agency a key belongs to, or null for a missing, unknown or revoked key. */
    async verify(key: string | undefined): Promise<string | null> {
      if (!key) return null;
      const h = Buffer.from(hash(key), 'hex');
      const fromEnv = envHashes.find((e) => timingSafeEqual(e.hash, h));
      return fromEnv?.agency ?? (await deps.repo.agencyOf(h.toString('hex')));
    },

    /** Makes a new key for an agency; the key is returned once and only its hash is kept. */
    async createKey(agency: string, label?: string): Promise<{ key: string; entry: ApiKeyEntry }> {
      const parsed = agencySchema.safeParse(agency);
      if (!parsed.success) throw new ValidationError(parsed.error.issues[0]!.message);
      const key = `hnk_${randomBytes(24).toString('base64url')}`;
      return { key, entry: await deps.repo.insertKey(parsed.data, hash(key), label ?? null) };
    },

    list: deps.repo.list,
    revoke: deps.repo.revokeAgency,
  };
}

export type AgenciesService = ReturnType<typeof createAgenciesService>;

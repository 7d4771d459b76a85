import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AgenciesService } from './agencies.service.js';

/**
 * The embedded demo's API key for agency "demo": made once, kept in the data directory (the
 * database keeps only its hash) and shown at every start so a newcomer can post to the HTTP feeds.
 */
export async function ensureDemoKey(dataDir: string, agencies: AgenciesService): Promise<string> {
  const file = resolve(dataDir, 'demo-api-key');
  const kept = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (kept && (await agencies.verify(kept)) === 'demo') return kept;
  const { key } = await agencies.createKey('demo', 'embedded demo (not for production)');
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

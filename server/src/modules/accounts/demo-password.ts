import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generatePassword } from './accounts.bootstrap.js';

/**
 * The demo accounts' shared password: made once, kept in the data directory (the database keeps only
 * hashes) and shown at every start, like the demo API key. Demo only: never on real services.
 */
export async function ensureDemoPassword(dataDir: string): Promise<string> {
  const file = resolve(dataDir, 'demo-password');
  const kept = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (kept) return kept;
  const password = generatePassword();
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

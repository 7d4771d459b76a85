/**
 * `npm run bench`: every benchmark in turn, each given the same options (`-- --quick` for a short run):
 * the ingest pipeline (ingest.bench.ts), then the console's frame times (console.bench.ts), then the
 * history rollups against raw scans on the embedded engine (history.bench.ts).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const tsx = resolve('node_modules/.bin/tsx');
const run = (file: string, options: string[]) =>
  spawnSync(tsx, [resolve('tests/bench', file), ...options], { stdio: 'inherit' }).status ?? 1;

// Options each bench understands; --quick applies to both.
const quick = args.includes('--quick') ? ['--quick'] : [];
const ingest = run('ingest.bench.ts', args);
process.stdout.write('\n');
const build = spawnSync('npm', ['run', '--silent', 'build:client'], { stdio: 'inherit' }).status ?? 1;
const console_ = build === 0 ? run('console.bench.ts', quick) : build;
process.stdout.write('\n');
const history = run('history.bench.ts', quick);
process.exit(ingest || console_ || history);

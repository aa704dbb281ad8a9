#!/usr/bin/env node
// Runs the compiled test suite (dist/test/**/*.test.js) with node's built-in test runner.
// `npm test` builds first (pretest). Each test file runs in its own process and, where it
// touches PostgreSQL, in its own database cloned from a migrated template (test/support).
// Usage: npm test [-- <substring filter of test file paths>...]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const distTests = join(root, 'dist', 'test');
const filters = process.argv.slice(2);

function walk(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry === 'bench') continue;
      out.push(...walk(full));
    } else if (entry.endsWith('.test.js')) out.push(full);
  }
  return out;
}

const files = walk(distTests)
  .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// One migrated template database for the whole run, named after this run so that two runs on one
// PostgreSQL (two checkouts, a developer and CI) never drop each other's; each test file clones it.
process.env.TEST_TEMPLATE_DB ??= `azreg_test_template_${process.pid}`;
const template = join(distTests, 'support', 'prepare-template.js');
const prep = spawnSync(process.execPath, [template], { stdio: 'inherit' });
if (prep.status !== 0) process.exit(prep.status ?? 1);
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const child = spawn(
  process.execPath,
  ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
child.on('exit', (code, signal) => {
  spawnSync(process.execPath, [template, '--drop'], { stdio: 'inherit' });
  process.exit(signal ? 1 : (code ?? 1));
});

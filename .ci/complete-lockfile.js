#!/usr/bin/env node
/*
 * Completes package-lock.json with the platform-specific optional packages (for example
 * @swc/core-darwin-arm64) that a registry mirror without them leaves out. npm then writes a lock
 * that `npm ci` rejects as out of sync. Each added entry carries its os/cpu/libc, so npm skips it on
 * other platforms without fetching it. Idempotent; a no-op where the registry serves everything.
 * Runs from the "prepare" script, so every `npm install` leaves a lock that `npm ci` accepts.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const PLATFORM =
  /-(android|darwin|freebsd|linux|openharmony|sunos|win32|wasm32)-([a-z0-9]+)(?:-(gnu|musl|gnueabihf|musleabihf|msvc|eabi|wasi))?$/;
const path = join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages ?? {};
let added = 0;

for (const [location, meta] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const match = PLATFORM.exec(name);
    if (!match || packages[key] || packages[`${location}/node_modules/${name}`]) continue;
    const [, os, cpu, abi] = match;
    const entry = { version: range.replace(/^[\^~=]/, ''), optional: true };
    if (meta.dev) entry.dev = true;
    if (os === 'wasm32') entry.cpu = ['wasm32'];
    else Object.assign(entry, { os: [os], cpu: [cpu] });
    if (abi === 'gnu' || abi === 'gnueabihf') entry.libc = ['glibc'];
    if (abi === 'musl' || abi === 'musleabihf') entry.libc = ['musl'];
    packages[key] = entry;
    added += 1;
  }
}

if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
  process.stdout.write(`package-lock.json: added ${added} optional platform package entries\n`);
}

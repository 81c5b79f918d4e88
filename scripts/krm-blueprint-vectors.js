#!/usr/bin/env node
// Record what Release Please's `krm-blueprint` regular expressions do to
// random texts, for crates/cicd-core/tests/testsuite/release_please.rs.
//
// usage: node scripts/krm-blueprint-vectors.js > crates/cicd-core/tests/fixtures/krm-blueprint-vectors.json
//
// The expressions are those of release-please 17.11's KRMBlueprintVersion:
// `(cnrm/.*/)(v[0-9]+.[0-9]+.[0-9]+)+(-w+)?`, or with `v<previous version>`
// in place of the digits, replaced everywhere by `$1v<version>`.
'use strict';

// A small seeded generator (mulberry32), so that a rerun writes the same file.
let seed = 20261127;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = list => list[Math.floor(random() * list.length)];

// Texts of references (`cnrm/<segments>/<version><suffix>`), near misses
// and noise, so that most hold matches and many hold traps.
const segments = ['a', 'landing-zone:networking', 'v1.2.3', 'x y', '', 'cnrm', 'é'];
const versions = ['v1.2.3', 'v1.2.3', 'v1x2y3', 'v12.0.10', 'v1.2', 'v0.1.0-rc.1', 'v1.0.00+2', 'v1.2.3v1.2.3', 'v1.2.3-w', 'v', '1.2.3'];
const suffixes = ['', '', '-w', '-www', '-wx', '-', '/', ' ', 'x', '.4'];
const separators = [' ', '\n', '\r\n', '\u2028', ' # ', '', '/'];
function reference() {
  const path = Array.from({length: Math.floor(random() * 3)}, () => pick(segments) + '/').join('');
  return 'cnrm/' + path + pick(versions) + pick(suffixes);
}
const previous = [null, null, '1.2.3', '1.2.3-w', '1.0.0+2', '0.1.0-rc.1'];
const vectors = [];
for (let i = 0; i < 600; i++) {
  let text = '';
  const count = 1 + Math.floor(random() * 3);
  for (let j = 0; j < count; j++) {
    text += (random() < 0.8 ? reference() : pick(versions)) + pick(separators);
  }
  const last = pick(previous);
  const pattern = last
    ? `(cnrm/.*/)(v${last})+(-w+)?`
    : '(cnrm/.*/)(v[0-9]+.[0-9]+.[0-9]+)+(-w+)?';
  vectors.push({text, previous: last, expected: text.replace(new RegExp(pattern, 'g'), '$1v9.8.7')});
}
process.stdout.write('[\n' + vectors.map(v => JSON.stringify(v)).join(',\n') + '\n]\n');

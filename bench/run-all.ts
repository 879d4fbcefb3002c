import { benchDisplayNames } from './display-names.js';
import { benchImport } from './import.js';
import { benchAutoMap, benchMatching } from './matching.js';
import { benchPostgres } from './postgres.js';
import { benchPsaScale } from './psa-scale.js';

console.log(`psa-bridge benchmarks on Node ${process.version}, ${new Date().toISOString()}`);
console.log('Figures are medians of 5 runs after a warm-up; compare ratios, not absolute times.\n');
await benchDisplayNames();
console.log('');
await benchPsaScale();
console.log('');
await benchMatching();
console.log('');
await benchAutoMap();
console.log('');
await benchImport();
console.log('');
await benchPostgres();

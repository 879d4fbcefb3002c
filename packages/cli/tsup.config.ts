import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

// src/bin.ts starts with a `#!/usr/bin/env node` line; tsup keeps it and marks dist/bin.js executable.
export default defineConfig(packageBuild({ index: 'src/index.ts', bin: 'src/bin.ts' }));

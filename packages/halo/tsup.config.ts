import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

export default defineConfig(
  packageBuild({ index: 'src/index.ts', 'fake/index': 'src/fake/index.ts', 'fake/msw': 'src/fake/msw.ts' }),
);

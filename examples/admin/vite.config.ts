import { defineConfig } from 'vite';

/** The admin page's front end: Preact through Vite's own JSX transform (no plugin needed). */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});

// Builds the admin page. `flow-api` is this repository's package (a self-reference resolved
// through its `exports`, browser condition), so the page runs exactly what npm would ship.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});

/**
 * Vite configuration of the web console. `npm run build:web` writes `web/dist`, which
 * `sakimori serve` serves at `/` with an SPA fallback. `vite --config web/vite.config.ts` runs a
 * dev server that forwards `/api` to a running `sakimori serve` (SAKIMORI_API, default :8080).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // The audit verifier shares pure modules with the server (src/oversight/audit/merkle).
  server: { fs: { allow: [repo] }, proxy: { '/api': process.env.SAKIMORI_API ?? 'http://127.0.0.1:8080' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2023', sourcemap: false, chunkSizeWarningLimit: 600 },
});

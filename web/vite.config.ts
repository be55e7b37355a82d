import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console is built into web/dist and served by `nines serve` (src/http/console.ts); `npm run build:web`
// builds it and writes the compressed siblings the server sends.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run web:dev` proxies the API to a running `nines serve`.
    proxy: { '/api': process.env.NINES_SERVER ?? 'http://127.0.0.1:8080' },
  },
});

import { defineConfig } from 'vite';

// A static single-page app: `vite build` writes dist/, `vite preview` serves it.
export default defineConfig({
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

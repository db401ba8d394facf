// Builds the renderer into renderer/dist with relative asset URLs, so the same build loads from
// Electron's app:// protocol and from `meshlens serve`. No CDN, no remote fonts.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
  },
});

import { defineConfig } from 'vitest/config';

// A static single-page app: `npm run build` writes dist/, which any static file server can
// serve. The light client (smoldot) is a large chunk loaded only in light-client mode.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      onwarn(warning, warn) {
        // polkadot.js carries /*#__PURE__*/ comments where Rollup cannot use them: harmless.
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['test/**/*.test.ts'],
  },
});

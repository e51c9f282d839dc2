import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['local/polyfills.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      // The tests run on Node.js 20, for which AWS SDK v3 prints an end-of-support notice.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Metrics go to stdout as EMF lines; no test reads them.
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  },
});

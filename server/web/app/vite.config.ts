// The web console is a static bundle built once (`npm run build:web`, run by `prestart` and
// `pretest`) and served by the Express server under /app/ (server/web/console.ts).
import { defineConfig } from "vite";

export default defineConfig({
  root: new URL(".", import.meta.url).pathname,
  base: "/app/",
  logLevel: "warn",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
});

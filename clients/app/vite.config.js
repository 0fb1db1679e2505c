import { resolve } from "node:path";

import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = import.meta.dirname;

// Two pages, two builds into dist/: the reference app (React + Apollo, `index.html`) as a team
// ships it, and the urql page (`urql.html`) with its libraries' development checks kept, so
// that graphcache's warnings (an object type without keys) reach the console the test reads.
export default defineConfig(({ mode }) => {
  const development = mode === "development";
  return {
    root: here,
    base: "./",
    plugins: development ? [] : [react()],
    define: development ? { "process.env.NODE_ENV": JSON.stringify("development") } : {},
    build: {
      outDir: "dist",
      emptyOutDir: !development,
      sourcemap: false,
      minify: !development,
      rollupOptions: { input: resolve(here, development ? "urql.html" : "index.html") },
    },
  };
});

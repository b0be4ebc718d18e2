// One page per window, each with only its own script: the switcher and the MFA prompt load
// fast because they do not carry the settings code. The output (dist/) is embedded into the
// binary by tauri-build (src-tauri/tauri.conf.json -> build.frontendDist).
import { defineConfig } from "vitest/config";

const page = (name: string) => new URL(`./${name}.html`, import.meta.url).pathname;

export default defineConfig({
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // Inline nothing: the CSP allows only 'self' scripts and styles.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        switcher: page("switcher"),
        mfa: page("mfa"),
        setup: page("setup"),
        settings: page("settings"),
        notice: page("notice"),
        confirm: page("confirm"),
      },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["test/**/*.test.ts"],
  },
});

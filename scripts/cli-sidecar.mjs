// Builds the CLI (`rolehop`, the cli/ crate) in release and puts it where the Tauri bundler
// takes it from: src-tauri/binaries/rolehop-<target triple>[.exe] (tauri.bundle.json's
// `externalBin`; the bundler installs it beside the tray app as `rolehop`). The CLI is a crate
// of its own so that it links no WebKit; the installers still carry both binaries. Run before
// `tauri build --config tauri.bundle.json` (scripts/deb.sh, .github/workflows/ci.yml), on any
// OS: `node scripts/cli-sidecar.mjs [--target TRIPLE]`.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, chmodSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const at = args.indexOf("--target");
const host = execFileSync("rustc", ["-vV"], { encoding: "utf8" })
  .split("\n")
  .find((line) => line.startsWith("host: "))
  ?.slice("host: ".length)
  .trim();
const target = at >= 0 ? args[at + 1] : host;
if (!target) {
  console.error("cli-sidecar: no target triple (rustc -vV printed no host line)");
  process.exit(2);
}
const cargoArgs = ["build", "--release", "--locked", "-p", "rolehop"];
if (at >= 0) cargoArgs.push("--target", target);
execFileSync("cargo", cargoArgs, { cwd: root, stdio: "inherit" });
const targetDir = process.env.CARGO_TARGET_DIR
  ? resolve(root, process.env.CARGO_TARGET_DIR)
  : join(root, "target");
const exe = target.includes("windows") ? ".exe" : "";
const built = join(targetDir, ...(at >= 0 ? [target] : []), "release", `rolehop${exe}`);
const dest = join(root, "src-tauri", "binaries", `rolehop-${target}${exe}`);
mkdirSync(dirname(dest), { recursive: true });
copyFileSync(built, dest);
chmodSync(dest, 0o755);
console.error(`cli-sidecar: ${built} -> ${dest}`);

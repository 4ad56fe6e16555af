// Settings from the environment, falling back on the shoal CLI's own settings file, so that after
// `./shoal dev` (which logs the CLI in and writes that file) `npm start` needs no variable at all.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The folder of the CLI's settings.json, found as the CLI finds it (docs/cli.md):
 * $SHOAL_CONFIG_DIR, else $XDG_CONFIG_HOME/shoal (when absolute), else $HOME/.config/shoal.
 */
export function cliConfigDir(env = process.env) {
  if (env.SHOAL_CONFIG_DIR) return env.SHOAL_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)) return join(env.XDG_CONFIG_HOME, "shoal");
  return join(env.HOME || homedir(), ".config", "shoal");
}

/** The CLI's settings ({url, token, organization}), or {} when it has none. */
function cliSettings(env) {
  const file = join(cliConfigDir(env), "settings.json");
  if (!existsSync(file)) return { file };
  try {
    return { file, ...JSON.parse(readFileSync(file, "utf8")) };
  } catch (e) {
    throw new Error(`cannot read ${file}: ${e.message}`);
  }
}

// Database names: lowercase letters, digits and dashes, at most 64 characters.
const PREFIX_PATTERN = /^[a-z0-9][a-z0-9-]{0,29}$/;

/**
 * Everything the app needs to run, checked once at start. Throws an Error whose message says
 * what to set when something is missing or malformed.
 */
export function loadConfig(env = process.env) {
  const cli = cliSettings(env);
  const shoalUrl = (env.SHOAL_URL || cli.url || "http://127.0.0.1:8080").replace(/\/+$/, "");
  const apiToken = env.SHOAL_API_TOKEN || cli.token;
  if (!apiToken) {
    throw new Error(
      `no Shoal API token: start \`./shoal dev\` (it logs the CLI in, writing ${cli.file}) ` +
        "or set SHOAL_API_TOKEN (e.g. SHOAL_API_TOKEN=$(./shoal auth token))",
    );
  }
  const prefix = env.DB_PREFIX || "todos";
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`DB_PREFIX must be 1 to 30 lowercase letters, digits or dashes, got ${JSON.stringify(prefix)}`);
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
  }
  return {
    shoalUrl,
    apiToken,
    groupToken: env.SHOAL_GROUP_TOKEN || undefined, // minted at start when not given
    org: env.SHOAL_ORG || cli.organization || "admin",
    group: env.SHOAL_GROUP || "default",
    schemaDatabase: `${prefix}-schema`,
    userDatabasePrefix: `${prefix}-user-`,
    migrationsFolder: env.MIGRATIONS_DIR ? resolve(env.MIGRATIONS_DIR) : join(APP_DIR, "migrations"),
    host: env.HOST || "127.0.0.1",
    port,
  };
}

// Starts the app: reads the settings, connects to Shoal (schema database, group token,
// migrations), then serves HTTP. Stops cleanly on Ctrl-C or SIGTERM.
import { createServer } from "node:http";
import { loadConfig } from "./config.mjs";
import { connectToShoal } from "./shoal.mjs";
import { createApp } from "./app.mjs";

async function main() {
  const config = loadConfig();
  console.log(`connecting to Shoal at ${config.shoalUrl} (organization ${config.org})`);
  const shoal = await connectToShoal(config).catch((e) => {
    throw new Error(explainShoalFailure(e, config));
  });
  console.log(`schema database ${shoal.schemaDatabase} is up to date with ${config.migrationsFolder}`);

  const server = createServer(createApp(shoal));
  server.once("error", (e) => {
    const hint = e.code === "EADDRINUSE" ? `: port ${config.port} on ${config.host} is in use; set PORT` : "";
    fail(`${e.message}${hint}`);
  });
  server.listen(config.port, config.host, () => {
    const { address, port } = server.address();
    console.log(`per-user todos listening on http://${address}:${port}`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    shoal.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** What went wrong reaching Shoal, with the likely fix. */
function explainShoalFailure(e, config) {
  if (e instanceof TypeError && e.message === "fetch failed") {
    const why = e.cause?.code ?? e.cause?.message ?? "no answer";
    return `cannot reach Shoal at ${config.shoalUrl} (${why}): start it with ./shoal dev, or set SHOAL_URL`;
  }
  if (e?.name === "TursoClientError") {
    const hint = e.status === 401 ? "; the API token was refused: set SHOAL_API_TOKEN, or restart ./shoal dev to log the CLI in again" : "";
    return `Shoal's Platform API answered ${e.status}: ${e.message}${hint}`;
  }
  return e?.message ?? String(e);
}

function fail(message) {
  console.error(`per-user todos could not start: ${message}`);
  process.exit(1);
}

main().catch((e) => fail(e?.message ?? e));

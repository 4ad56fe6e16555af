// Starts the app: reads the settings, connects to Shoal (schema database, group token,
// migrations), then serves HTTP. Stops cleanly on Ctrl-C or SIGTERM.
import { createServer } from "node:http";
import { loadConfig } from "./config.mjs";
import { connectToShoal } from "./shoal.mjs";
import { createApp } from "./app.mjs";

async function main() {
  const config = loadConfig();
  console.log(`connecting to Shoal at ${config.shoalUrl} (organization ${config.org})`);
  const shoal = await connectToShoal(config);
  console.log(`schema database ${shoal.schemaDatabase} is up to date with ${config.migrationsFolder}`);

  const server = createServer(createApp(shoal));
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

main().catch((e) => {
  console.error(`per-user todos could not start: ${e?.message ?? e}`);
  process.exit(1);
});

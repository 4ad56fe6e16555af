// For drizzle-kit (not a dependency of the app): `npx drizzle-kit@0.31.11 generate --name <what>`
// writes the next migration into migrations/ from the change made in src/schema.mjs.
export default {
  dialect: "sqlite",
  schema: "./src/schema.mjs",
  out: "./migrations",
};

// The table every user's database has, as Drizzle sees it. migrations/ holds the SQL that makes
// it (drizzle-kit's output for this file; see the README to add a column).
import { sqliteTable, integer, text } from "drizzle-orm/sqlite-core";

export const todos = sqliteTable("todos", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  description: text("description").notNull(),
  completed: integer("completed", { mode: "boolean" }).notNull().default(false),
});

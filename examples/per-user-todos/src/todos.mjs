// A user's todos, in that user's own database, through Drizzle.
import { asc, eq, not } from "drizzle-orm";
import { todos } from "./schema.mjs";

export const MAX_DESCRIPTION_LENGTH = 500;

export function listTodos(db) {
  return db.select().from(todos).orderBy(asc(todos.id));
}

export function addTodo(db, description) {
  return db.insert(todos).values({ description });
}

export function toggleTodo(db, id) {
  return db.update(todos).set({ completed: not(todos.completed) }).where(eq(todos.id, id));
}

export function deleteTodo(db, id) {
  return db.delete(todos).where(eq(todos.id, id));
}

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/db/generated/client";
import { getEnv } from "./env.server";

declare global {
  // Survives dev-server rebuilds so that we do not open a new connection each time.
  var __prisma: PrismaClient | undefined;
}

function createClient() {
  const url = getEnv().DATABASE_URL;
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  // WAL lets readers (public pages, projection) proceed while a write happens;
  // the busy timeout makes concurrent writers wait instead of failing.
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => {});
  void client.$queryRawUnsafe("PRAGMA busy_timeout = 5000").catch(() => {});
  // Keeps the query planner's statistics current as the data grows (cheap when nothing changed).
  void client.$queryRawUnsafe("PRAGMA optimize").catch(() => {});
  return client;
}

export const prisma: PrismaClient =
  getEnv().NODE_ENV === "development" ? (globalThis.__prisma ??= createClient()) : createClient();

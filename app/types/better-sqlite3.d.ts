// The driver comes with Prisma's SQLite adapter (same version, see package.json). The app
// opens a second, read-only connection with it for the meeting stream's counts
// (app/modules/meetings/snapshot-reader.server.ts); the migrations test opens files with it.
declare module "better-sqlite3" {
  namespace Database {
    interface Statement {
      all(...params: unknown[]): unknown[];
      get(...params: unknown[]): unknown;
    }
    interface Database {
      prepare(sql: string): Statement;
      exec(sql: string): void;
      pragma(source: string): unknown;
      close(): void;
    }
  }
  const Database: new (
    file: string,
    options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number },
  ) => Database.Database;
  export default Database;
}

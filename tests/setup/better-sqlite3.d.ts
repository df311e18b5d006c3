// The driver comes with Prisma's SQLite adapter; the migrations test opens files with it directly.
declare module "better-sqlite3" {
  namespace Database {
    interface Statement {
      all(...params: unknown[]): unknown[];
    }
    interface Database {
      prepare(sql: string): Statement;
      exec(sql: string): void;
      close(): void;
    }
  }
  const Database: new (file: string, options?: { readonly?: boolean }) => Database.Database;
  export default Database;
}

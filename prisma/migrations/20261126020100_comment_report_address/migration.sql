-- One comment report per browser AND per client address (keyed hash, never the address).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CommentReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commentId" TEXT NOT NULL,
    "reporterKey" TEXT NOT NULL,
    "addressKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CommentReport_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Reports from before addresses were recorded: a distinct placeholder each, so that the unique index holds.
INSERT INTO "new_CommentReport" ("addressKey", "commentId", "createdAt", "id", "reporterKey") SELECT 'legacy:' || "id", "commentId", "createdAt", "id", "reporterKey" FROM "CommentReport";
DROP TABLE "CommentReport";
ALTER TABLE "new_CommentReport" RENAME TO "CommentReport";
CREATE UNIQUE INDEX "CommentReport_commentId_reporterKey_key" ON "CommentReport"("commentId", "reporterKey");
CREATE UNIQUE INDEX "CommentReport_commentId_addressKey_key" ON "CommentReport"("commentId", "addressKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


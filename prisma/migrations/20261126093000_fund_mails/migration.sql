-- Fund applicants get mail too (app/modules/fund/fund-mail.server.ts): a subscription and an
-- outbox row belong either to an initiative or to a fund application. Generated with
-- `prisma migrate diff`; the two CHECK constraints ("exactly one of the two") are added by
-- hand, as schema.prisma cannot express them. The new OutboxMailKind values need no SQL
-- (SQLite stores enums as text).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MailSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "proposalId" TEXT,
    "fundApplicationId" TEXT,
    "language" TEXT NOT NULL,
    "notifyReplies" BOOLEAN NOT NULL DEFAULT false,
    "unsubscribeToken" TEXT NOT NULL,
    "sealedTrackingToken" TEXT,
    "unsubscribedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MailSubscription_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MailSubscription_fundApplicationId_fkey" FOREIGN KEY ("fundApplicationId") REFERENCES "FundApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MailSubscription_one_subject" CHECK (("proposalId" IS NULL) <> ("fundApplicationId" IS NULL))
);
INSERT INTO "new_MailSubscription" ("createdAt", "id", "language", "notifyReplies", "proposalId", "sealedTrackingToken", "unsubscribeToken", "unsubscribedAt") SELECT "createdAt", "id", "language", "notifyReplies", "proposalId", "sealedTrackingToken", "unsubscribeToken", "unsubscribedAt" FROM "MailSubscription";
DROP TABLE "MailSubscription";
ALTER TABLE "new_MailSubscription" RENAME TO "MailSubscription";
CREATE UNIQUE INDEX "MailSubscription_proposalId_key" ON "MailSubscription"("proposalId");
CREATE UNIQUE INDEX "MailSubscription_fundApplicationId_key" ON "MailSubscription"("fundApplicationId");
CREATE UNIQUE INDEX "MailSubscription_unsubscribeToken_key" ON "MailSubscription"("unsubscribeToken");
CREATE TABLE "new_OutboxMail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "proposalId" TEXT,
    "fundApplicationId" TEXT,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimToken" TEXT,
    "claimedAt" DATETIME,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OutboxMail_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboxMail_fundApplicationId_fkey" FOREIGN KEY ("fundApplicationId") REFERENCES "FundApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OutboxMail_one_subject" CHECK (("proposalId" IS NULL) <> ("fundApplicationId" IS NULL))
);
INSERT INTO "new_OutboxMail" ("attempts", "claimToken", "claimedAt", "createdAt", "id", "kind", "lastError", "nextAttemptAt", "payload", "proposalId", "sentAt", "status", "updatedAt") SELECT "attempts", "claimToken", "claimedAt", "createdAt", "id", "kind", "lastError", "nextAttemptAt", "payload", "proposalId", "sentAt", "status", "updatedAt" FROM "OutboxMail";
DROP TABLE "OutboxMail";
ALTER TABLE "new_OutboxMail" RENAME TO "OutboxMail";
CREATE INDEX "OutboxMail_status_nextAttemptAt_idx" ON "OutboxMail"("status", "nextAttemptAt");
CREATE INDEX "OutboxMail_proposalId_idx" ON "OutboxMail"("proposalId");
CREATE INDEX "OutboxMail_fundApplicationId_idx" ON "OutboxMail"("fundApplicationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


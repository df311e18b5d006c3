-- CreateTable
CREATE TABLE "Procedure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "translations" TEXT NOT NULL DEFAULT '{}',
    "fundingAreaId" TEXT NOT NULL,
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Procedure_fundingAreaId_fkey" FOREIGN KEY ("fundingAreaId") REFERENCES "FundingArea" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProcedurePhase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "procedureId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    CONSTRAINT "ProcedurePhase_procedureId_fkey" FOREIGN KEY ("procedureId") REFERENCES "Procedure" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Vote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "procedureId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "channels" TEXT NOT NULL,
    "eligibilityNote" TEXT NOT NULL,
    "eligibilityTranslations" TEXT NOT NULL DEFAULT '{}',
    "liveResults" BOOLEAN NOT NULL DEFAULT false,
    "closedAt" DATETIME,
    "resultsPublishedAt" DATETIME,
    "tieBreak" TEXT,
    "ballotWrites" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Vote_procedureId_fkey" FOREIGN KEY ("procedureId") REFERENCES "Procedure" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VoteOption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "voteId" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "estimatedCostCents" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VoteOption_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "Vote" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "VoteOption_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CodeSheet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "voteId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CodeSheet_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "Vote" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VoteCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "voteId" TEXT NOT NULL,
    "sheetId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "voidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VoteCode_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "Vote" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "VoteCode_sheetId_fkey" FOREIGN KEY ("sheetId") REFERENCES "CodeSheet" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Ballot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "voteId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "voterKey" TEXT NOT NULL,
    "choices" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Ballot_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "Vote" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaperBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "voteId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PaperBatch_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "Vote" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaperEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "batchId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "counts" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PaperEntry_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PaperBatch" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PaperEntry_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImplementationRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "proposalId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'accepted',
    "voteId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ImplementationRecord_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImplementationNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recordId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "staffId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ImplementationNote_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "ImplementationRecord" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ImplementationNote_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Proposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "lon" REAL NOT NULL,
    "lat" REAL NOT NULL,
    "district" TEXT,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "language" TEXT NOT NULL DEFAULT 'de',
    "submitterName" TEXT,
    "submitterEmail" TEXT,
    "contactConsentAt" DATETIME,
    "trackingTokenHash" TEXT NOT NULL,
    "fundingAreaId" TEXT NOT NULL,
    "publishedAt" DATETIME,
    "changeRequest" TEXT,
    "duplicateOfId" TEXT,
    "supportCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "procedureId" TEXT,
    CONSTRAINT "Proposal_fundingAreaId_fkey" FOREIGN KEY ("fundingAreaId") REFERENCES "FundingArea" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Proposal_duplicateOfId_fkey" FOREIGN KEY ("duplicateOfId") REFERENCES "Proposal" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Proposal_procedureId_fkey" FOREIGN KEY ("procedureId") REFERENCES "Procedure" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Proposal" ("category", "changeRequest", "contactConsentAt", "createdAt", "description", "district", "duplicateOfId", "fundingAreaId", "id", "language", "lat", "lon", "publishedAt", "status", "submitterEmail", "submitterName", "supportCount", "title", "trackingTokenHash", "updatedAt") SELECT "category", "changeRequest", "contactConsentAt", "createdAt", "description", "district", "duplicateOfId", "fundingAreaId", "id", "language", "lat", "lon", "publishedAt", "status", "submitterEmail", "submitterName", "supportCount", "title", "trackingTokenHash", "updatedAt" FROM "Proposal";
DROP TABLE "Proposal";
ALTER TABLE "new_Proposal" RENAME TO "Proposal";
CREATE UNIQUE INDEX "Proposal_trackingTokenHash_key" ON "Proposal"("trackingTokenHash");
CREATE INDEX "Proposal_status_publishedAt_idx" ON "Proposal"("status", "publishedAt");
CREATE INDEX "Proposal_procedureId_idx" ON "Proposal"("procedureId");
CREATE INDEX "Proposal_publishedAt_id_status_idx" ON "Proposal"("publishedAt", "id", "status");
CREATE INDEX "Proposal_category_idx" ON "Proposal"("category");
CREATE INDEX "Proposal_createdAt_idx" ON "Proposal"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Procedure_state_createdAt_idx" ON "Procedure"("state", "createdAt");

-- CreateIndex
CREATE INDEX "ProcedurePhase_procedureId_startsAt_idx" ON "ProcedurePhase"("procedureId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProcedurePhase_procedureId_kind_key" ON "ProcedurePhase"("procedureId", "kind");

-- CreateIndex
CREATE INDEX "Vote_procedureId_idx" ON "Vote"("procedureId");

-- CreateIndex
CREATE UNIQUE INDEX "VoteOption_voteId_proposalId_key" ON "VoteOption"("voteId", "proposalId");

-- CreateIndex
CREATE UNIQUE INDEX "VoteCode_codeHash_key" ON "VoteCode"("codeHash");

-- CreateIndex
CREATE INDEX "VoteCode_voteId_idx" ON "VoteCode"("voteId");

-- CreateIndex
CREATE INDEX "Ballot_voteId_channel_idx" ON "Ballot"("voteId", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "Ballot_voteId_voterKey_key" ON "Ballot"("voteId", "voterKey");

-- CreateIndex
CREATE UNIQUE INDEX "PaperBatch_voteId_label_key" ON "PaperBatch"("voteId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "PaperEntry_batchId_staffId_key" ON "PaperEntry"("batchId", "staffId");

-- CreateIndex
CREATE UNIQUE INDEX "ImplementationRecord_proposalId_key" ON "ImplementationRecord"("proposalId");

-- CreateIndex
CREATE INDEX "ImplementationRecord_state_updatedAt_idx" ON "ImplementationRecord"("state", "updatedAt");

-- CreateIndex
CREATE INDEX "ImplementationNote_recordId_date_idx" ON "ImplementationNote"("recordId", "date");

-- Data: a proposal's status records moderation and life cycle only. Outcomes
-- set by hand before (accepted, in progress, implemented) become implementation
-- records with their dated history; "voting" becomes "published" (votes now
-- live in procedures).
INSERT INTO "ImplementationRecord" ("id", "proposalId", "state", "voteId", "createdAt", "updatedAt")
SELECT 'impl_' || p."id", p."id",
       CASE p."status" WHEN 'accepted' THEN 'accepted' WHEN 'in_progress' THEN 'in_progress' ELSE 'done' END,
       NULL,
       COALESCE((SELECT MIN(sc."createdAt") FROM "StatusChange" sc
                 WHERE sc."proposalId" = p."id" AND sc."toStatus" IN ('accepted', 'in_progress', 'implemented')),
                p."updatedAt"),
       p."updatedAt"
FROM "Proposal" p
WHERE p."status" IN ('accepted', 'in_progress', 'implemented');

INSERT INTO "ImplementationNote" ("id", "recordId", "state", "body", "date", "staffId", "createdAt")
SELECT 'implnote_' || sc."id", 'impl_' || sc."proposalId",
       CASE sc."toStatus" WHEN 'accepted' THEN 'accepted' WHEN 'in_progress' THEN 'in_progress' ELSE 'done' END,
       COALESCE(sc."reason", ''), sc."createdAt", sc."staffId", sc."createdAt"
FROM "StatusChange" sc
WHERE sc."toStatus" IN ('accepted', 'in_progress', 'implemented')
  AND EXISTS (SELECT 1 FROM "ImplementationRecord" r WHERE r."id" = 'impl_' || sc."proposalId");

UPDATE "Proposal" SET "status" = 'published'
WHERE "status" IN ('voting', 'accepted', 'in_progress', 'implemented');

-- The outcome history now lives in the implementation notes.
DELETE FROM "StatusChange" WHERE "toStatus" IN ('voting', 'accepted', 'in_progress', 'implemented');

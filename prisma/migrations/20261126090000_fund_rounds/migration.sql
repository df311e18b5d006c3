-- CreateTable
CREATE TABLE "FundRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "procedureId" TEXT NOT NULL,
    "maxPerProjectCents" INTEGER NOT NULL,
    "maxPerItemCents" INTEGER NOT NULL,
    "volunteerRateCents" INTEGER NOT NULL,
    "minOwnContributionPercent" INTEGER,
    "earliestProjectStart" DATETIME,
    "reportDueDays" INTEGER NOT NULL DEFAULT 56,
    "quorumRule" TEXT NOT NULL DEFAULT 'more_than_half',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FundRound_procedureId_fkey" FOREIGN KEY ("procedureId") REFERENCES "Procedure" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundPot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "grantedCents" INTEGER NOT NULL DEFAULT 0,
    "returnedCents" INTEGER NOT NULL DEFAULT 0,
    "position" INTEGER NOT NULL DEFAULT 0,
    -- A pot is never overdrawn, whatever code path writes it (app/modules/fund/pots.server.ts).
    CONSTRAINT "FundPot_not_overdrawn" CHECK ("grantedCents" - "returnedCents" <= "amountCents" AND "amountCents" >= 0),
    CONSTRAINT "FundPot_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "FundRound" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundJuryMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "isChair" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FundJuryMember_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "FundRound" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FundJuryMember_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundConflict" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "memberId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FundConflict_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "FundJuryMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FundConflict_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "FundApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundApplication" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "trackingTokenHash" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'de',
    "applicantKind" TEXT NOT NULL DEFAULT 'person',
    "applicantName" TEXT NOT NULL DEFAULT '',
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "contactAddress" TEXT,
    "organisation" TEXT,
    "organisationRegistered" BOOLEAN,
    "title" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "lon" REAL,
    "lat" REAL,
    "district" TEXT,
    "placeLabel" TEXT,
    "fundingAreaId" TEXT,
    "startsOn" DATETIME,
    "endsOn" DATETIME,
    "targetGroups" TEXT NOT NULL DEFAULT '[]',
    "expectedParticipants" INTEGER,
    "ownMoneyCents" INTEGER NOT NULL DEFAULT 0,
    "volunteerHours" INTEGER NOT NULL DEFAULT 0,
    "requestedCents" INTEGER NOT NULL DEFAULT 0,
    "reviewRequest" TEXT,
    "ineligibleReason" TEXT,
    "submittedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FundApplication_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "FundRound" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundCostLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "potKind" TEXT NOT NULL,
    "actualCents" INTEGER,
    CONSTRAINT "FundCostLine_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "FundApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "costLineId" TEXT,
    "purpose" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "smallFile" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "bytes" INTEGER NOT NULL,
    "pages" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FundFile_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "FundApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FundFile_costLineId_fkey" FOREIGN KEY ("costLineId") REFERENCES "FundCostLine" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT,
    "actor" TEXT NOT NULL,
    "staffId" TEXT,
    "public" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FundEvent_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "FundApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "heldAt" DATETIME NOT NULL,
    "place" TEXT NOT NULL,
    "openedAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FundSession_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "FundRound" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundAttendance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "present" BOOLEAN NOT NULL,
    CONSTRAINT "FundAttendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "FundSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FundAttendance_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "FundJuryMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundRecusal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FundRecusal_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "FundSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FundRecusal_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "FundApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FundRecusal_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "FundJuryMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundJuryVote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FundJuryVote_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "FundSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FundJuryVote_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "FundApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FundJuryVote_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "FundJuryMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "grantedCents" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "decidedById" TEXT,
    "paidCents" INTEGER NOT NULL DEFAULT 0,
    "paidAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FundDecision_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "FundApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FundDecision_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "FundSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundAllocation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "decisionId" TEXT NOT NULL,
    "potId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    CONSTRAINT "FundAllocation_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "FundDecision" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FundAllocation_potId_fkey" FOREIGN KEY ("potId") REFERENCES "FundPot" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "applicationId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "summary" TEXT NOT NULL DEFAULT '',
    "volunteerHours" INTEGER NOT NULL DEFAULT 0,
    "spentCents" INTEGER NOT NULL DEFAULT 0,
    "returnedCents" INTEGER NOT NULL DEFAULT 0,
    "staffQuestion" TEXT,
    "submittedAt" DATETIME,
    "acceptedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FundReport_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "FundApplication" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "FundRound_procedureId_key" ON "FundRound"("procedureId");

-- CreateIndex
CREATE INDEX "FundPot_roundId_position_idx" ON "FundPot"("roundId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "FundJuryMember_roundId_staffId_key" ON "FundJuryMember"("roundId", "staffId");

-- CreateIndex
CREATE UNIQUE INDEX "FundConflict_memberId_applicationId_key" ON "FundConflict"("memberId", "applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "FundApplication_trackingTokenHash_key" ON "FundApplication"("trackingTokenHash");

-- CreateIndex
CREATE INDEX "FundApplication_roundId_status_idx" ON "FundApplication"("roundId", "status");

-- CreateIndex
CREATE INDEX "FundCostLine_applicationId_position_idx" ON "FundCostLine"("applicationId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "FundFile_file_key" ON "FundFile"("file");

-- CreateIndex
CREATE UNIQUE INDEX "FundFile_smallFile_key" ON "FundFile"("smallFile");

-- CreateIndex
CREATE INDEX "FundFile_applicationId_purpose_idx" ON "FundFile"("applicationId", "purpose");

-- CreateIndex
CREATE INDEX "FundEvent_applicationId_createdAt_idx" ON "FundEvent"("applicationId", "createdAt");

-- CreateIndex
CREATE INDEX "FundSession_roundId_heldAt_idx" ON "FundSession"("roundId", "heldAt");

-- CreateIndex
CREATE UNIQUE INDEX "FundAttendance_sessionId_memberId_key" ON "FundAttendance"("sessionId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "FundRecusal_applicationId_memberId_key" ON "FundRecusal"("applicationId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "FundJuryVote_applicationId_memberId_key" ON "FundJuryVote"("applicationId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "FundDecision_applicationId_key" ON "FundDecision"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "FundAllocation_decisionId_potId_key" ON "FundAllocation"("decisionId", "potId");

-- CreateIndex
CREATE UNIQUE INDEX "FundReport_applicationId_key" ON "FundReport"("applicationId");


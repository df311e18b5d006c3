-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "voteId" TEXT NOT NULL,
    "joinCode" TEXT NOT NULL,
    "languages" TEXT NOT NULL DEFAULT '["de"]',
    "spotlightOptionId" TEXT,
    "votingScope" TEXT NOT NULL DEFAULT 'closed',
    "votingOptionId" TEXT,
    "votingRound" INTEGER NOT NULL DEFAULT 0,
    "votingEndsAt" DATETIME,
    "hideTallies" BOOLEAN NOT NULL DEFAULT true,
    "revealed" BOOLEAN NOT NULL DEFAULT false,
    "handCounts" TEXT NOT NULL DEFAULT '{"ballots":0,"options":{}}',
    "createdById" TEXT,
    "endedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Meeting_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "Vote" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_joinCode_key" ON "Meeting"("joinCode");

-- CreateIndex
CREATE INDEX "Meeting_voteId_idx" ON "Meeting"("voteId");


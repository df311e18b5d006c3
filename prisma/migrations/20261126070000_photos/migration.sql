-- CreateTable
CREATE TABLE "Photo" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "proposalId" TEXT NOT NULL,
    "largeFile" TEXT NOT NULL,
    "smallFile" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "smallWidth" INTEGER NOT NULL,
    "smallHeight" INTEGER NOT NULL,
    "alt" TEXT,
    "position" INTEGER NOT NULL,
    "hiddenAt" DATETIME,
    "hiddenReason" TEXT,
    "hiddenById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Photo_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Photo_hiddenById_fkey" FOREIGN KEY ("hiddenById") REFERENCES "Staff" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Photo_largeFile_key" ON "Photo"("largeFile");

-- CreateIndex
CREATE UNIQUE INDEX "Photo_smallFile_key" ON "Photo"("smallFile");

-- CreateIndex
CREATE INDEX "Photo_proposalId_position_idx" ON "Photo"("proposalId", "position");


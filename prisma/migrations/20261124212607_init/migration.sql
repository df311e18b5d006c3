-- CreateTable
CREATE TABLE "FundingArea" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "geometry" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "licence" TEXT NOT NULL,
    "attribution" TEXT NOT NULL,
    "isApproximation" BOOLEAN NOT NULL DEFAULT false,
    "validFrom" DATETIME NOT NULL,
    "validTo" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "District" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "geometry" TEXT NOT NULL,
    "attribution" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Address" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "street" TEXT NOT NULL,
    "housenumber" TEXT NOT NULL,
    "postcode" TEXT,
    "district" TEXT NOT NULL,
    "lon" REAL NOT NULL,
    "lat" REAL NOT NULL,
    "searchText" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Proposal" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Proposal_fundingAreaId_fkey" FOREIGN KEY ("fundingAreaId") REFERENCES "FundingArea" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StatusChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "proposalId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "reason" TEXT,
    "actor" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StatusChange_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "FundingArea_validFrom_idx" ON "FundingArea"("validFrom");

-- CreateIndex
CREATE UNIQUE INDEX "District_code_key" ON "District"("code");

-- CreateIndex
CREATE INDEX "Address_searchText_idx" ON "Address"("searchText");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_trackingTokenHash_key" ON "Proposal"("trackingTokenHash");

-- CreateIndex
CREATE INDEX "Proposal_status_publishedAt_idx" ON "Proposal"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Proposal_category_idx" ON "Proposal"("category");

-- CreateIndex
CREATE INDEX "Proposal_createdAt_idx" ON "Proposal"("createdAt");

-- CreateIndex
CREATE INDEX "StatusChange_proposalId_createdAt_idx" ON "StatusChange"("proposalId", "createdAt");

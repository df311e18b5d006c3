-- Failed-login counters move from Staff into LoginThrottle (per e-mail and
-- client address, plus one row per e-mail across all addresses).

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "subject" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL,

    PRIMARY KEY ("subject", "source")
);

-- CreateIndex
CREATE INDEX "LoginThrottle_windowStart_idx" ON "LoginThrottle"("windowStart");

-- AlterTable
-- `prisma migrate diff` writes this as a copy of the whole Staff table
-- (RedefineTables). SQLite 3.35+ drops a plain column in place, which leaves
-- the rest of the table, and any column added to it meanwhile, untouched.
ALTER TABLE "Staff" DROP COLUMN "failedLoginCount";
ALTER TABLE "Staff" DROP COLUMN "lockedUntil";

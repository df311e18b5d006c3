-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN "placeLabel" TEXT;


-- The public list's index also carries the status: deep pages skip rows inside the index.
-- DropIndex
DROP INDEX "Proposal_publishedAt_id_idx";

-- CreateIndex
CREATE INDEX "Proposal_publishedAt_id_status_idx" ON "Proposal"("publishedAt", "id", "status");

-- CreateIndex
CREATE INDEX "Proposal_publishedAt_id_idx" ON "Proposal"("publishedAt", "id");


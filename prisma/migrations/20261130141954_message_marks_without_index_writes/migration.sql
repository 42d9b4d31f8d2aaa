-- The new index is built before the old one goes: reads keep an index to use meanwhile.
-- CreateIndex
CREATE INDEX "Message_createdAt_idx" ON "Message"("createdAt");

-- DropIndex
DROP INDEX "Message_status_createdAt_idx";

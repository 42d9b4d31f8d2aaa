-- DropIndex
DROP INDEX "Message_status_createdAt_idx";

-- CreateIndex
CREATE INDEX "Message_createdAt_idx" ON "Message"("createdAt");

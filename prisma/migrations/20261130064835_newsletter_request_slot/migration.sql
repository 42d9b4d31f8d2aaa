-- AlterTable
ALTER TABLE "NewsletterIssue" ADD COLUMN     "requestSlot" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "NewsletterIssue_requestSlot_key" ON "NewsletterIssue"("requestSlot");

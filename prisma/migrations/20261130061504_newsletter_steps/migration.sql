-- AlterEnum
ALTER TYPE "StepBehaviour" ADD VALUE 'NEWSLETTER';

-- AlterTable
ALTER TABLE "NewsletterIssue" ADD COLUMN     "stepId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "NewsletterIssue_stepId_key" ON "NewsletterIssue"("stepId");

-- AddForeignKey
ALTER TABLE "NewsletterIssue" ADD CONSTRAINT "NewsletterIssue_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "Step"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "personal" JSONB,
ADD COLUMN     "templateId" UUID,
ALTER COLUMN "raw" DROP NOT NULL;

-- CreateTable
CREATE TABLE "MessageTemplate" (
    "id" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MessageTemplate_hash_key" ON "MessageTemplate"("hash");

-- CreateIndex
CREATE INDEX "Message_templateId_idx" ON "Message"("templateId");

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "MessageTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "claimedAt" TIMESTAMPTZ(3);

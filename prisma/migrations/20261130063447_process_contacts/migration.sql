-- AlterTable
ALTER TABLE "Process" ADD COLUMN     "contacts" JSONB;

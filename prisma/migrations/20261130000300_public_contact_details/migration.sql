-- AlterTable
ALTER TABLE "Territory" ADD COLUMN     "publishContactDetails" BOOLEAN NOT NULL DEFAULT false;

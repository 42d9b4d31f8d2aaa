-- AlterTable
ALTER TABLE "Territory" ADD COLUMN     "isDemo" BOOLEAN NOT NULL DEFAULT false;

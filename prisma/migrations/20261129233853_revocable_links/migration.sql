-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "linkGeneration" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "disabledAt" TIMESTAMPTZ(3);

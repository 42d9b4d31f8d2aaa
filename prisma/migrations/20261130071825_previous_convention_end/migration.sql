-- AlterTable
ALTER TABLE "Territory" ADD COLUMN     "previousConventionEnd" INTEGER;

-- CreateEnum
CREATE TYPE "AdviserNotices" AS ENUM ('NOTICES', 'DIGEST', 'BOTH');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "notices" "AdviserNotices" NOT NULL DEFAULT 'BOTH';

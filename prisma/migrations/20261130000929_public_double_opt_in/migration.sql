-- AlterEnum
ALTER TYPE "RegistrationStatus" ADD VALUE 'UNCONFIRMED';

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "holdUntil" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Step" ADD COLUMN     "inviteAfter" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "month" TEXT,
ADD COLUMN     "untilMonth" TEXT;

-- A step inviting the invitees of another waited for it through dependsOn: it now waits through inviteAfter.
UPDATE "Step" SET "inviteAfter" = ARRAY["audience"->>'inviteesOf'] WHERE "audience"->>'inviteesOf' IS NOT NULL;

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "groups" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Process" ADD COLUMN     "phaseLabels" JSONB;

-- AlterTable
ALTER TABLE "Step" ADD COLUMN     "body" TEXT;

-- AlterTable
ALTER TABLE "Territory" ADD COLUMN     "bodies" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "contactGroups" JSONB NOT NULL DEFAULT '[]';

-- Committee steps of the standard plan refer to the standard bodies (whose members they already invite).
UPDATE "Step" SET "body" = 'copil' WHERE "kind" IN ('RESTITUTION_COPIL', 'RESTITUTION_FINALE', 'COPIL_ANNUEL');
UPDATE "Step" SET "body" = 'cotech' WHERE "kind" IN ('RESTITUTION_COTECH', 'COTECH_ANNUEL');

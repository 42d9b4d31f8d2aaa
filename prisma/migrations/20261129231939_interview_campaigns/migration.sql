-- CreateEnum
CREATE TYPE "InterviewBookingStatus" AS ENUM ('BOOKED', 'RELEASED');

-- AlterEnum
ALTER TYPE "StepBehaviour" ADD VALUE 'INTERVIEWS';

-- AlterTable
ALTER TABLE "Step" ADD COLUMN     "interviewMinutes" INTEGER;

-- CreateTable
CREATE TABLE "InterviewSlot" (
    "id" UUID NOT NULL,
    "stepId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InterviewSlot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InterviewBooking" (
    "id" UUID NOT NULL,
    "stepId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "slotId" UUID,
    "status" "InterviewBookingStatus" NOT NULL DEFAULT 'BOOKED',
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "movedFromStartsAt" TIMESTAMPTZ(3),
    "movedFromEndsAt" TIMESTAMPTZ(3),
    "icalUid" TEXT NOT NULL,
    "icalSequence" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InterviewBooking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InterviewSlot_stepId_startsAt_key" ON "InterviewSlot"("stepId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "InterviewBooking_slotId_key" ON "InterviewBooking"("slotId");

-- CreateIndex
CREATE UNIQUE INDEX "InterviewBooking_icalUid_key" ON "InterviewBooking"("icalUid");

-- CreateIndex
CREATE UNIQUE INDEX "InterviewBooking_stepId_contactId_key" ON "InterviewBooking"("stepId", "contactId");

-- AddForeignKey
ALTER TABLE "InterviewSlot" ADD CONSTRAINT "InterviewSlot_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "Step"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewBooking" ADD CONSTRAINT "InterviewBooking_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "Step"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewBooking" ADD CONSTRAINT "InterviewBooking_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewBooking" ADD CONSTRAINT "InterviewBooking_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "InterviewSlot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

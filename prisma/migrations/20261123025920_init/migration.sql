-- CreateEnum
CREATE TYPE "ContactRole" AS ENUM ('ELU', 'PARTENAIRE', 'COPIL', 'COTECH');

-- CreateEnum
CREATE TYPE "ProcessKind" AS ENUM ('ELABORATION', 'RENOUVELLEMENT');

-- CreateEnum
CREATE TYPE "ProcessStatus" AS ENUM ('RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "Phase" AS ENUM ('DIAGNOSTIC', 'PLAN_ACTIONS', 'MISE_EN_OEUVRE', 'RENOUVELLEMENT');

-- CreateEnum
CREATE TYPE "StepStatus" AS ENUM ('PLANNED', 'INVITED', 'HELD', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('PENDING', 'SENT', 'CAPTURED', 'FAILED');

-- CreateTable
CREATE TABLE "Territory" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Paris',
    "cafName" TEXT NOT NULL,
    "coordinatorName" TEXT NOT NULL,
    "coordinatorEmail" TEXT NOT NULL,
    "cafAdviserName" TEXT,
    "cafAdviserEmail" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Territory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" UUID NOT NULL,
    "territoryId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "organisation" TEXT,
    "roles" "ContactRole"[],
    "domains" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Process" (
    "id" UUID NOT NULL,
    "territoryId" UUID NOT NULL,
    "kind" "ProcessKind" NOT NULL,
    "periodStart" INTEGER NOT NULL,
    "periodEnd" INTEGER NOT NULL,
    "status" "ProcessStatus" NOT NULL DEFAULT 'RUNNING',
    "currentPhase" "Phase" NOT NULL DEFAULT 'DIAGNOSTIC',
    "workflowId" TEXT NOT NULL,
    "plan" JSONB NOT NULL,
    "answers" JSONB,
    "renewalLeadMonths" INTEGER NOT NULL DEFAULT 9,
    "nudgeEveryDays" INTEGER NOT NULL DEFAULT 7,
    "previousProcessId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Process_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Step" (
    "id" UUID NOT NULL,
    "processId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "phase" "Phase" NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "audience" JSONB NOT NULL,
    "startsAt" TIMESTAMPTZ(3),
    "endsAt" TIMESTAMPTZ(3),
    "location" TEXT,
    "onlineUrl" TEXT,
    "capacity" INTEGER,
    "invitationLeadDays" INTEGER NOT NULL,
    "reminderDays" INTEGER[],
    "dependsOn" TEXT[],
    "session" INTEGER,
    "nudgeFrom" TIMESTAMPTZ(3),
    "status" "StepStatus" NOT NULL DEFAULT 'PLANNED',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "cancelReason" TEXT,
    "completedAt" TIMESTAMPTZ(3),
    "icalUid" TEXT NOT NULL,
    "icalSequence" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "processId" UUID,
    "stepId" UUID,
    "contactId" UUID,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "status" "MessageStatus" NOT NULL DEFAULT 'PENDING',
    "subject" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "smtpResponse" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Territory_cafName_idx" ON "Territory"("cafName");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_territoryId_email_key" ON "Contact"("territoryId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Process_workflowId_key" ON "Process"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Process_previousProcessId_key" ON "Process"("previousProcessId");

-- CreateIndex
CREATE UNIQUE INDEX "Process_territoryId_periodStart_key" ON "Process"("territoryId", "periodStart");

-- CreateIndex
CREATE UNIQUE INDEX "Step_icalUid_key" ON "Step"("icalUid");

-- CreateIndex
CREATE UNIQUE INDEX "Step_processId_key_key" ON "Step"("processId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Message_idempotencyKey_key" ON "Message"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Message_messageId_key" ON "Message"("messageId");

-- CreateIndex
CREATE INDEX "Message_processId_createdAt_idx" ON "Message"("processId", "createdAt");

-- CreateIndex
CREATE INDEX "Message_stepId_idx" ON "Message"("stepId");

-- CreateIndex
CREATE INDEX "Message_status_createdAt_idx" ON "Message"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Process" ADD CONSTRAINT "Process_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Step" ADD CONSTRAINT "Step_processId_fkey" FOREIGN KEY ("processId") REFERENCES "Process"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_processId_fkey" FOREIGN KEY ("processId") REFERENCES "Process"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "Step"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Territory" ADD COLUMN     "calendarToken" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Territory_calendarToken_key" ON "Territory"("calendarToken");

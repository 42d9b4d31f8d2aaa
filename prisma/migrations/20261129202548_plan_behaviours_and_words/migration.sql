-- CreateEnum
CREATE TYPE "StepBehaviour" AS ENUM ('MEETING', 'PUBLIC_MEETING', 'SURVEY', 'TASK', 'MILESTONE');

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "function" TEXT;

-- AlterTable
ALTER TABLE "Step" ADD COLUMN     "behaviour" "StepBehaviour" NOT NULL DEFAULT 'MEETING',
ADD COLUMN     "description" TEXT,
ALTER COLUMN "kind" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Territory" ADD COLUMN     "cafAdviserFunction" TEXT,
ADD COLUMN     "coordinatorFunction" TEXT,
ADD COLUMN     "nameArticle" TEXT;

-- Steps stored before behaviours: the behaviour of their standard kind, and the words they were sent with.
UPDATE "Step" SET "behaviour" = 'TASK' WHERE "kind" IN ('ANALYSE_DOCUMENTAIRE', 'REDACTION_CONVENTION', 'EVALUATION');
UPDATE "Step" SET "behaviour" = 'SURVEY' WHERE "kind" IN ('CONSULTATION_HABITANTS');
UPDATE "Step" SET "behaviour" = 'PUBLIC_MEETING' WHERE "kind" IN ('FORUM_HABITANTS');
UPDATE "Step" SET "description" = CASE "kind"
  WHEN 'SEMINAIRE_ELUS' THEN 'Ce séminaire lance la démarche avec les élus : enjeux, calendrier et gouvernance de la future Convention.'
  WHEN 'LANCEMENT_PARTENAIRES' THEN 'Cette rencontre lance la démarche avec l’ensemble des partenaires : présentation de la CTG, de ses étapes et de la manière d’y contribuer.'
  WHEN 'ANALYSE_DOCUMENTAIRE' THEN 'L’analyse documentaire et statistique (exploitation des données) dresse le portrait du territoire sur lequel s’appuie le diagnostic.'
  WHEN 'ENTRETIEN_PARTENAIRE' THEN 'Cet entretien permet de recueillir votre regard sur les besoins du territoire, l’offre existante, vos modalités de coopération et vos attentes.'
  WHEN 'RENCONTRE_THEMATIQUE' THEN 'Cette rencontre thématique avec les acteurs locaux permet d’étayer le diagnostic des besoins repérés et de l’offre existante, de faire remonter l’expérience de terrain de chacun et de faire émerger de premières pistes de travail.'
  WHEN 'CONSULTATION_HABITANTS' THEN 'La consultation des habitants complète le diagnostic : elle recueille les besoins des familles, des enfants et des jeunes, et leur regard sur l’offre existante.'
  WHEN 'FORUM_HABITANTS' THEN 'Ce forum est ouvert à tous les habitants : venez dire ce qui facilite ou complique la vie des familles, des enfants et des jeunes sur le territoire.'
  WHEN 'RESTITUTION_COTECH' THEN 'Le comité technique analyse et approfondit les enseignements du diagnostic partagé.'
  WHEN 'RESTITUTION_COPIL' THEN 'Le comité de pilotage reçoit la restitution du diagnostic partagé et des enjeux identifiés.'
  WHEN 'DEFINITION_AXES' THEN 'Cette séance définit les axes d’intervention prioritaires et permet d’échanger sur la gouvernance et l’organisation de la future CTG.'
  WHEN 'REDACTION_CONVENTION' THEN 'La rédaction de la Convention traduit les axes retenus en objectifs opérationnels et en actions.'
  WHEN 'RESTITUTION_FINALE' THEN 'La restitution finale présente au comité de pilotage la Convention et son plan d’actions.'
  WHEN 'SIGNATURE' THEN 'Cette séance est consacrée à la signature de la Convention Territoriale Globale par ses partenaires.'
  WHEN 'COPIL_ANNUEL' THEN 'Le comité de pilotage annuel, instance de décision, définit la stratégie, identifie les moyens mobilisables, arbitre et évalue le bon déroulement de la CTG.'
  WHEN 'COTECH_ANNUEL' THEN 'Le comité technique annuel veille à la concrétisation des actions et à leur articulation, et identifie les difficultés de mise en œuvre.'
  WHEN 'EVALUATION' THEN 'L’évaluation mesure l’avancement des actions de la Convention au regard de leurs indicateurs et prépare les ajustements nécessaires.'
  WHEN 'GROUPE_DE_TRAVAIL' THEN CASE "session" WHEN 1 THEN 'Ce groupe de travail thématique, réuni à deux reprises, co-construit avec les acteurs locaux le plan d’actions de la Convention. Cette première séance partage les enseignements du diagnostic sur la thématique et fait émerger les pistes d’actions. Le handicap et l’accès aux droits y sont traités de manière transversale.' WHEN 2 THEN 'Ce groupe de travail thématique, réuni à deux reprises, co-construit avec les acteurs locaux le plan d’actions de la Convention. Cette seconde séance approfondit les pistes retenues lors de la première et précise le contenu des actions : modalités de mise en œuvre, partenaires, échéances. Le handicap et l’accès aux droits y sont traités de manière transversale.' ELSE 'Ce groupe de travail thématique, réuni à deux reprises, co-construit avec les acteurs locaux le plan d’actions de la Convention. Le handicap et l’accès aux droits y sont traités de manière transversale.' END
END WHERE "description" IS NULL AND "kind" IS NOT NULL;

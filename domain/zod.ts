// zod with French messages: validation errors reach coordinators through the API and the pages.
import { z } from 'zod';

z.config(z.locales.fr());

export { z };

// Prints .env.example from the config declarations (lib/config/fields.ts).
import { renderEnvExample } from '../lib/config/envExample';

process.stdout.write(renderEnvExample());

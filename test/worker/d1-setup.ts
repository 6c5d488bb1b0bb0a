// Applies the analytics schema (migrations/) to the worker tests' local D1 before each file; already-applied
// migrations are skipped, so files sharing the database see one schema.
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.DB!, env.TEST_MIGRATIONS);

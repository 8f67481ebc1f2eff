#!/usr/bin/env bash
# Starts Superset and bootstraps the "IoT Pipeline" dashboard: metadata DB upgrade, admin
# (SUPERSET_ADMIN_USER / SUPERSET_ADMIN_PASSWORD, else a generated password kept in
# $DATA_DIR/services/superset/admin-password), roles, the pipeline's DATABASE_URL as a
# Superset database, and this folder's asset bundle. Every step is idempotent: run it again
# after changing the bundle or DATABASE_URL. Same as `make superset` / `npx iot services up superset`;
# the steps live in lib/services/superset (bootstrap.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d dist ] || make build
exec node scripts/iot.js services up superset "$@"

#!/bin/sh
# Start-up of the Zicht containers (web and worker): check the configuration, wait for the
# database (a bounded number of times), migrate, make sure the field keys fit the database,
# then replace this shell with the given command (default: zicht serve), so that it gets
# the container runtime's signals itself.
#
#   docker/start.sh                 # zicht serve
#   docker/start.sh zicht worker
#
# ZICHT_MIGRATE=false skips the migration (the worker, which starts after the web server).
# ZICHT_DB_WAIT_ATTEMPTS (30) and ZICHT_DB_WAIT_INTERVAL (2 s) bound the wait.
set -eu

# The command that runs zicht (the tests run it as "python -m zicht"); split on spaces.
ZICHT="${ZICHT:-zicht}"

if [ "$#" -eq 0 ]; then
    # shellcheck disable=SC2086
    set -- $ZICHT serve
fi

echo "start: configuratie controleren (zicht check --deploy)"
# shellcheck disable=SC2086
$ZICHT check --deploy --fail-level "${ZICHT_CHECK_FAIL_LEVEL:-WARNING}"

echo "start: wachten op de database"
if ! $ZICHT wait_for_db; then
    echo "start: de database is niet bereikbaar; Zicht start niet." >&2
    exit 69  # EX_UNAVAILABLE
fi

case "${ZICHT_MIGRATE:-true}" in
    1|true|yes|on)
        echo "start: migreren"
        $ZICHT migrate --noinput
        ;;
    *)
        echo "start: migreren overgeslagen (ZICHT_MIGRATE=${ZICHT_MIGRATE})"
        ;;
esac

echo "start: veldsleutels controleren"
$ZICHT ensure_field_keys

echo "start: $*"
exec "$@"

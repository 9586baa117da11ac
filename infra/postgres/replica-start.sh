#!/bin/sh
# The streaming replica: on first start, copies the primary with pg_basebackup (-R writes the
# standby settings, -S uses the slot primary-init.sh created), then runs as a hot standby that
# follows the primary's WAL. Runs as the postgres user.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres -U replicator -d postgres -q; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h postgres -U replicator \
    -D "$PGDATA" -R -X stream -S replica1 -c fast -P
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on

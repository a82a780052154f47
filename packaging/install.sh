#!/usr/bin/env bash
# Installs mhsw from this unpacked release archive. Run from the archive's directory:
#
#   sudo ./install.sh                      # /opt/mhsw, /etc/mhsw, /var/lib/mhsw, systemd unit
#   ./install.sh --prefix DIR --config-dir DIR --state-dir DIR --no-systemd
#
# It copies the binary and the operations guide, writes the configuration only if there is
# none yet (an upgrade keeps yours), creates the SQLite database in the state directory when
# the configuration uses SQLite, applies the database migrations (forward only; see
# OPERATIONS.md, "Upgrades"), and, as root with systemd, creates the `mhsw` system user and
# installs and enables the service (it does not start it: check the configuration first).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=/opt/mhsw config_dir=/etc/mhsw state_dir=/var/lib/mhsw systemd=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --config-dir) config_dir=$2; shift 2 ;;
    --state-dir) state_dir=$2; shift 2 ;;
    --no-systemd) systemd=no; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
if [ "$systemd" = auto ]; then
  if [ "$(id -u)" = 0 ] && [ -d /run/systemd/system ]; then systemd=yes; else systemd=no; fi
fi

echo "Installing mhsw $(cat "$here/VERSION") into $prefix"
install -d "$prefix/bin" "$config_dir" "$state_dir"
install -m 0755 "$here/bin/mhsw" "$prefix/bin/mhsw.new"
mv -f "$prefix/bin/mhsw.new" "$prefix/bin/mhsw"
install -m 0644 "$here/OPERATIONS.md" "$here/VERSION" "$prefix/"

if [ -e "$config_dir/mhsw.toml" ]; then
  echo "Keeping the existing $config_dir/mhsw.toml (the new defaults are in $prefix/mhsw.toml.default)"
  sed "s|@STATE_DIR@|$state_dir|g" "$here/etc/mhsw.toml" > "$prefix/mhsw.toml.default"
else
  sed "s|@STATE_DIR@|$state_dir|g" "$here/etc/mhsw.toml" > "$config_dir/mhsw.toml"
  chmod 0644 "$config_dir/mhsw.toml"
  echo "Wrote $config_dir/mhsw.toml"
fi

if [ "$systemd" = yes ]; then
  id -u mhsw >/dev/null 2>&1 || useradd --system --home-dir "$state_dir" --shell /usr/sbin/nologin mhsw
  chown mhsw:mhsw "$state_dir"
  chmod 0750 "$state_dir"
fi

# Migrations: creates the SQLite file if needed, brings any database up to this release.
# Run as the service's user, so that the files it creates are the service's.
migrate=("$prefix/bin/mhsw" migrate --config "$config_dir/mhsw.toml")
[ -r "$config_dir/mhsw.env" ] && set -a && . "$config_dir/mhsw.env" && set +a
if [ "$systemd" = yes ]; then
  (cd "$state_dir" && runuser -u mhsw -- "${migrate[@]}")
else
  (cd "$state_dir" && "${migrate[@]}")
fi

if [ "$systemd" = yes ]; then
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@CONFIG_DIR@|$config_dir|g" -e "s|@STATE_DIR@|$state_dir|g" \
    "$here/systemd/mhsw.service" > /etc/systemd/system/mhsw.service
  systemctl daemon-reload
  systemctl enable mhsw.service >/dev/null
  echo "Installed and enabled mhsw.service. Check $config_dir/mhsw.toml, then: systemctl start mhsw"
else
  echo "Not installing a systemd unit. Start it with: (cd $state_dir && $prefix/bin/mhsw serve --config $config_dir/mhsw.toml)"
fi

#!/usr/bin/env bash
# The test command. It installs what the tests need where it can (as root, with apt-get: redis-server,
# chromium, python3-pandas), then runs every test with `dotnet test`. Where it cannot, the tests that need
# a missing piece are skipped, each saying why and the line that installs it, and every other test runs.
# What it finds or installs it names in CRYPTAPP_TEST_REQUIRE, so a test that then cannot find it fails
# instead of skipping. Arguments go to `dotnet test` (e.g. ./test.sh --project CryptApp.UnitTests).
# CRYPTAPP_TEST_INSTALL=0 installs nothing.
set -euo pipefail
cd "$(dirname "$0")"

pieces=(redis-server chromium pandas python3)
declare -A package=([redis-server]=redis-server [chromium]=chromium [pandas]=python3-pandas [python3]=python3)

has() {
    case "$1" in
        redis-server) command -v redis-server >/dev/null 2>&1 ;;
        chromium) [[ -n "${CRYPTAPP_CHROMIUM:-}" && -x "${CRYPTAPP_CHROMIUM}" ]] \
            || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ;;
        pandas) /usr/bin/python3 -c 'import pandas' >/dev/null 2>&1 || python3 -c 'import pandas' >/dev/null 2>&1 ;;
        python3) [[ -x /usr/bin/python3 ]] || command -v python3 >/dev/null 2>&1 ;;
    esac
}

missing=()
for piece in "${pieces[@]}"; do
    has "$piece" || missing+=("$piece")
done

if ((${#missing[@]} > 0)); then
    packages=()
    for piece in "${missing[@]}"; do
        packages+=("${package[$piece]}")
    done
    readarray -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
    if [[ "${CRYPTAPP_TEST_INSTALL:-1}" == 0 ]]; then
        echo "test.sh: not installing ${packages[*]} (CRYPTAPP_TEST_INSTALL=0)."
    elif [[ $(id -u) -ne 0 ]]; then
        echo "test.sh: not root, so not installing ${packages[*]}."
    elif ! command -v apt-get >/dev/null 2>&1; then
        echo "test.sh: no apt-get, so not installing ${packages[*]}."
    else
        echo "test.sh: installing ${packages[*]} with apt-get."
        export DEBIAN_FRONTEND=noninteractive
        if ! { apt-get update -qq && apt-get install -y -qq "${packages[@]}"; }; then
            echo "test.sh: apt-get could not install ${packages[*]}; the tests that need them will be skipped."
        fi
    fi
fi

required=()
for piece in "${pieces[@]}"; do
    if has "$piece"; then
        required+=("$piece")
    else
        echo "test.sh: no ${piece}: the tests that need it are skipped (install: apt-get install -y ${package[$piece]})."
    fi
done
if ! has redis-server; then
    echo "test.sh: every Redis test runs on the embedded server (Garnet) instead."
fi
export CRYPTAPP_TEST_REQUIRE="${required[*]}"
echo "test.sh: CRYPTAPP_TEST_REQUIRE=${CRYPTAPP_TEST_REQUIRE}"

exec dotnet test "$@"

# Shared set-up for scripts/build and scripts/test; source it, do not run it.
# Installs what is missing and nothing else, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_install() {
    local missing=()
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# WeasyPrint: Pango for text, HarfBuzz's subsetter for small, reproducible fonts.
# Fallbacks for what the print font lacks (worksheets/print.css names them after it): DejaVu
# for arrows and every other Latin, Greek, Cyrillic, Arabic and Hebrew letter, Lohit for
# Devanagari, WenQuanYi Micro Hei for Chinese, Japanese and Korean (2 MB in all, where Noto's
# core and CJK sets are 68 MB); the PDFs embed only the glyphs they use.
BUILD_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core
    fonts-lohit-deva fonts-wqy-microhei)

setup_python() {
    local extras="$1" stamp=".venv/.installed-$1"
    [ -x .venv/bin/python ] || python3 -m venv .venv
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        echo "Installing the project into .venv"
        .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
        .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extras"
        touch "$stamp"
    fi
}

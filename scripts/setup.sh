# Shared set-up for scripts/build and scripts/test; source it, do not run it.
# Installs what is missing and nothing else, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        check_libraries  # not Debian or Ubuntu: see "Systems without apt-get" below
        return
    fi
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

# --- Systems without apt-get (macOS, Fedora, Arch, openSUSE…) ---------------------------------
# The build cannot install their packages itself, so it checks that WeasyPrint can load the
# libraries it needs, and when one is missing it stops with the commands that install them.
# Each entry: the names WeasyPrint tries for one library (Linux, then macOS).
BUILD_LIBRARIES=(
    "libpango-1.0.so.0 libpango-1.0.dylib"
    "libpangoft2-1.0.so.0 libpangoft2-1.0.dylib"
    "libharfbuzz-subset.so.0 libharfbuzz-subset.0.dylib"
    "libfontconfig.so.1 libfontconfig.1.dylib"
)

# Prints the first name of every library in BUILD_LIBRARIES that cannot be loaded, also looking
# in the folders given (Homebrew's lib folder is not on macOS's default search path).
missing_libraries() {
    python3 - "$1" "${BUILD_LIBRARIES[@]}" <<'PYTHON'
import ctypes, os, sys
folders = [folder for folder in sys.argv[1].split(":") if folder]
for names in sys.argv[2:]:
    candidates = [path for name in names.split() for path in (name, *(os.path.join(f, name) for f in folders))]
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
            break
        except OSError:
            pass
    else:
        print(names.split()[0])
PYTHON
}

check_libraries() {
    local system folders="" install=""
    system="$(uname -s)"
    if [ "$system" = Darwin ] && command -v brew >/dev/null 2>&1; then
        folders="$(brew --prefix)/lib"
        # WeasyPrint finds Homebrew's libraries through this variable.
        export DYLD_FALLBACK_LIBRARY_PATH="${DYLD_FALLBACK_LIBRARY_PATH:-$folders}"
    fi
    local missing
    missing="$(missing_libraries "$folders")"
    [ -z "$missing" ] && return 0
    if [ "$system" = Darwin ]; then
        install="brew install pango"
        command -v brew >/dev/null 2>&1 || install="/bin/bash -c \"\$(curl -fsSL https://raw.githubusercontent.com/Homebrew/install/HEAD/install.sh)\"
    brew install pango"
    elif command -v dnf >/dev/null 2>&1; then
        install="sudo dnf install pango harfbuzz fontconfig dejavu-sans-fonts"
    elif command -v pacman >/dev/null 2>&1; then
        install="sudo pacman -S --needed pango harfbuzz fontconfig ttf-dejavu"
    elif command -v zypper >/dev/null 2>&1; then
        install="sudo zypper install libpango-1_0-0 libharfbuzz-subset0 fontconfig dejavu-fonts"
    fi
    echo "The kit's PDFs need libraries this computer does not have: $(echo $missing)." >&2
    if [ -n "${install:-}" ]; then
        printf 'Install them with:\n\n    %s\n\nthen run this command again.\n' "$install" >&2
    else
        echo "Install Pango (with PangoFT2), HarfBuzz (with its subset library) and fontconfig with your" \
            "system's package manager, then run this command again." >&2
    fi
    exit 1
}
# --- end of systems without apt-get -----------------------------------------------------------

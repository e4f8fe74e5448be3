#!/usr/bin/env bash
# Install the bundle built by `make package` for the current user:
# the program, a desktop entry, the icon in every size and the .relm MIME type.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$root/dist/relm"
[ -x "$bundle/relm" ] || { echo "build the bundle first: make package" >&2; exit 1; }
prefix="${PREFIX:-$HOME/.local}"
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications" "$prefix/share/mime/packages"
rm -rf "$prefix/lib/relm-desktop"
cp -a "$bundle" "$prefix/lib/relm-desktop"
ln -sf "$prefix/lib/relm-desktop/relm" "$prefix/bin/relm"
install -m 644 "$root/packaging/relm-desktop.desktop" "$prefix/share/applications/"
install -m 644 "$root/packaging/relm-desktop-mime.xml" "$prefix/share/mime/packages/relm-desktop.xml"
for size in 16 24 32 48 64 128 256 512; do
  dir="$prefix/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  install -m 644 "$root/resources/app/relm-$size.png" "$dir/relm-desktop.png"
done
mkdir -p "$prefix/share/icons/hicolor/scalable/apps"
install -m 644 "$root/resources/app/relm.svg" "$prefix/share/icons/hicolor/scalable/apps/relm-desktop.svg"
command -v update-mime-database >/dev/null && update-mime-database "$prefix/share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" || true
echo "installed: $prefix/bin/relm (open .relm files from your file manager)"

#!/usr/bin/env bash
# macOS: build dist/annotator.app with PyInstaller (BUNDLE step of packaging/annotator.spec) and wrap it in a .dmg.
# Run on macOS 11+ (Apple silicon builds arm64, Intel x86_64), from the repo root, in a venv with ".[package]".
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-.venv/bin/python}
VERSION=$("$PY" -c 'import annotator; print(annotator.__version__)')

# 1. icon: resources/icons/annotator.icns from the PNGs (iconutil ships with macOS)
ICONSET=build/annotator.iconset
rm -rf "$ICONSET" && mkdir -p "$ICONSET"
for s in 16 32 128 256; do
  sips -z $s $s resources/icons/annotator-256.png --out "$ICONSET/icon_${s}x${s}.png" >/dev/null
  d=$((s * 2)); [ $d -le 256 ] && sips -z $d $d resources/icons/annotator-256.png --out "$ICONSET/icon_${s}x${s}@2x.png" >/dev/null
done
iconutil -c icns "$ICONSET" -o resources/icons/annotator.icns

# 2. the bundle: dist/annotator/ (one folder) and dist/annotator.app
"$PY" packaging/build.py --skip-deb --skip-tar
test -d dist/annotator.app
dist/annotator.app/Contents/MacOS/annotator --self-test

# 3. ad-hoc sign (use a Developer ID and notarize for distribution)
codesign --force --deep --sign "${CODESIGN_IDENTITY:--}" dist/annotator.app

# 4. the disk image, with a link to /Applications to drag the app onto
STAGE=build/dmg && rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R dist/annotator.app "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="dist/annotator-$VERSION-macos-$(uname -m).dmg"
rm -f "$DMG"
hdiutil create -volname "annotator $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
echo "built $DMG"

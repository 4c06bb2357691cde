#!/bin/sh
# Real extraction output of composed pages, at development time: each page
# the composer marks real (PAGES in ../compose.c) is written as a document
# (kanbao-pages --fodt), typeset by LibreOffice into a PDF (A4, a running
# head and a footer on every page, the lead headline across the page, the
# rest in two columns), and put through pdftotext with -layout
# (pdf-layout/NAME.txt) and without (pdf/NAME.txt).  The outputs are
# committed; kanbao-pages reads them in place of rendering and finds the
# snippets of its lists in them, so CI needs neither LibreOffice nor
# poppler.  Run it again after changing the items of a real page.
#
# Needs: apt-get install libreoffice-writer poppler-utils fonts-noto-cjk
# usage: tests/pages/real/make.sh [BUILD_DIR]   (default: build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$build/tests/pages/kanbao-pages" --corpus "$build/kanbao.kb" \
	--fodt "$tmp" "$here/.."
mkdir -p "$here/pdf-layout" "$here/pdf"
for doc in "$tmp"/*.fodt; do
	name=$(basename "$doc" .fodt)
	soffice -env:UserInstallation="file://$tmp/profile" --headless \
		--convert-to pdf --outdir "$tmp" "$doc" >/dev/null
	pdftotext -layout "$tmp/$name.pdf" "$here/pdf-layout/$name.txt"
	pdftotext "$tmp/$name.pdf" "$here/pdf/$name.txt"
	echo "$name: $(pdfinfo "$tmp/$name.pdf" | awk '/^Pages/ { print $2 }') pages"
done

#!/bin/sh
# Makes the Word and PDF fixtures of testdata/office/ from the documents written in
# testdata/office/src/ (flat OpenDocument: shared head and styles, one body per
# document), with LibreOffice, as a school's office software would save them. The
# results are committed, so tests and CI do not need LibreOffice:
#
#	apt-get install -y libreoffice-writer-nogui fonts-noto-cjk
#	sh internal/importer/testdata/make-office.sh
set -eu
cd "$(dirname "$0")/office"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for body in src/*.body.xml; do
	name=$(basename "$body" .body.xml)
	cat src/head.xml src/styles.xml "$body" > "$work/$name.fodt"
	soffice --headless -env:UserInstallation=file://"$work/profile" --convert-to docx:"MS Word 2007 XML" --outdir "$work" "$work/$name.fodt" >/dev/null
	soffice --headless -env:UserInstallation=file://"$work/profile" --convert-to pdf --outdir "$work" "$work/$name.fodt" >/dev/null
	cp "$work/$name.docx" "$work/$name.pdf" .
done
# An old binary Word file, which the importer refuses with advice.
soffice --headless -env:UserInstallation=file://"$work/profile" --convert-to doc:"MS Word 97" --outdir "$work" "$work/lxzz-training-plan.fodt" >/dev/null
cp "$work/lxzz-training-plan.doc" old-format.doc
rm -f scanned-notice.docx
ls -l

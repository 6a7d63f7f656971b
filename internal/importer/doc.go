// Package importer turns legacy disclosure pages — plain text copied from old portals and
// document-sharing sites, or saved HTML pages — into xxgk Markdown documents with TOML
// front matter, and reports everything it extracted, removed, repaired or could not fix.
//
// The work is split by job: decode.go finds the character set, html.go takes the article
// out of a page, meta.go reads the header block and dates, clean.go removes portal and
// download-site noise, spam.go finds injected advertising across the imported set,
// structure.go rebuilds headings, lists and tables as Markdown, resolve.go matches what was
// found against the registries and allocates 索引号, and report.go says what happened.
package importer

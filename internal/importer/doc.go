// Package importer turns legacy disclosure pages — plain text copied from old portals and
// document-sharing sites, saved HTML pages, Word and PDF originals — into xxgk Markdown
// documents with TOML front matter, and reports everything it extracted, removed,
// repaired or could not fix.
//
// The work is split by job: decode.go finds the character set, html.go takes the article
// out of a page, docx.go and pdf.go read Word and PDF originals into the same lines,
// meta.go reads header fields and dates, head.go the header block and the title,
// clean.go removes portal and download-site noise, spam.go finds injected advertising
// across the imported set, structure.go rebuilds headings, lists and tables as Markdown,
// resolve.go matches what was found against the registries and allocates 索引号,
// report.go says what happened, and accuracy.go scores an import against the expected
// metadata of a test corpus.
package importer

package record

// Code names the kind of a problem, stably: tools that read the check report, the
// preview's error page and xxgk new tell problems apart by it, never by the wording of
// the message, which may be improved at any time. The list is in docs/schema.md.
type Code string

// The problems the check finds in documents.
const (
	CodeNoFrontMatter       Code = "front-matter-missing" // no +++ front matter, or it is not closed
	CodeFrontMatterSyntax   Code = "front-matter-syntax"  // the front matter is not valid TOML
	CodeUnknownField        Code = "unknown-field"        // a key the schema does not have
	CodeMissingField        Code = "missing-field"        // a required field is absent
	CodeWrongType           Code = "wrong-type"           // a value of the wrong kind (text for a date, a number for text…)
	CodeEmptyField          Code = "empty-field"          // a field present but empty
	CodeBadDate             Code = "bad-date"             // a date quoted, without a day, or not a date
	CodeUnknownPublisher    Code = "unknown-publisher"    // publisher not in data/publishers.toml
	CodePublisherName       Code = "publisher-name"       // publisher written as its full name (a warning)
	CodeUnknownCategory     Code = "unknown-category"     // category not in data/categories.toml
	CodeUnknownGenre        Code = "unknown-genre"        // genre not in data/genres.toml
	CodeUnknownSchool       Code = "unknown-school"       // school not a school in data/publishers.toml
	CodeMissingYear         Code = "missing-year"         // a 年度质量报告 without its report year
	CodeBadAttachment       Code = "bad-attachment"       // an attachment entry without title or file, or with an unsafe path
	CodeAttachmentFile      Code = "attachment-file"      // an attachment's file is missing, outside static/ or not a file
	CodeBadRevision         Code = "bad-revision"         // a revision without date or note, or dated before the document
	CodeIndexFullWidth      Code = "index-fullwidth"      // 索引号 with full-width characters
	CodeIndexFormat         Code = "index-format"         // 索引号 not of the publisher's scheme (by default CODE-YEAR-NNNNN)
	CodeIndexPublisher      Code = "index-publisher"      // 索引号 of the scheme's shape with another body's code or prefix
	CodeIndexYear           Code = "index-year"           // 索引号's year not the year of the date
	CodeIndexSerial         Code = "index-serial"         // 索引号's serial 0
	CodeIndexCategory       Code = "index-category-code"  // the scheme has {category}, the category has no code
	CodeDuplicateIndex      Code = "duplicate-index"      // 索引号 used by another document
	CodeIndexAddress        Code = "index-address"        // 索引号 unlike another's, but at the same address
	CodeDuplicate           Code = "duplicate-document"   // same publisher, title and date as another document
	CodeDateOrder           Code = "date-order"           // 成文日期 after the date, or 废止日期 not after it
	CodePlaceholder         Code = "placeholder"          // the body still holds 【待填写】
	CodeHiddenCharacter     Code = "hidden-character"     // control or bidirectional characters
	CodePersonalNumber      Code = "personal-number"      // an unmasked ID or bank card number
	CodePhoneNumber         Code = "phone-number"         // a mobile number (a warning)
	CodeAttachmentUnscanned Code = "attachment-unscanned" // an attachment that could not be read for personal numbers (a warning)
	CodeWording             Code = "wording"              // a 错别字 or an expression data/wording.toml corrects or forbids (a warning)
	CodeInterprets          Code = "bad-interprets"       // a 解读's interprets not another document's 索引号
	CodeAnnualReport        Code = "annual-report"        // a 政府信息公开工作年度报告 not in the national format, or its sums wrong
	CodeAnnualReportCounts  Code = "annual-report-counts" // its figures unlike the site's own documents (a warning)
	CodeNotMarkdown         Code = "not-markdown"         // a file other than .md under content/
	CodeBrokenLink          Code = "broken-link"          // a link in a document that leads nowhere
	CodeTemplateLink        Code = "broken-template-link" // a link on a page the templates make that leads nowhere
	CodeTemplate            Code = "template-error"       // Hugo could not render a template
	CodeRender              Code = "render-error"         // Hugo failed otherwise (a file it could not read…)
)

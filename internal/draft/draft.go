// Package draft starts new documents: front matter with an allocated 索引号 and the
// customary section headings of the document's genre, for the clerk to fill in.
package draft

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"xxgk/internal/annualreport"
	"xxgk/internal/record"
)

//go:embed archetypes/*.md
var builtin embed.FS

// Request says what document to start.
type Request struct {
	Site      string    // the site directory
	Publisher string    // a publisher code (or full name)
	Genre     string    // a registered genre
	Category  string    // optional; the genre's default category when empty
	Date      time.Time // optional; today in Asia/Shanghai when zero
	Title     string
}

// Create writes the new document and returns its path relative to the site directory:
// content/<publisher>/<year>/<索引号>.md. It never overwrites a file.
func Create(req Request) (string, error) {
	reg, err := record.LoadRegistry(req.Site)
	if err != nil {
		return "", err
	}
	title := strings.TrimSpace(req.Title)
	if title == "" || strings.ContainsAny(title, "\r\n") {
		return "", errors.New("请给出文件标题（一行文字），例如 xxgk new --publisher lxzz --genre 工作计划 \"2025年工作计划\"")
	}
	pub, err := findPublisher(reg, req.Publisher)
	if err != nil {
		return "", err
	}
	genre, ok := reg.Genre(req.Genre)
	if !ok {
		return "", fmt.Errorf("体裁 %q 不在 data/genres.toml 中%s", req.Genre, record.Nearest(req.Genre, reg.GenreNames()))
	}
	if genre.Name == annualreport.Genre {
		return "", fmt.Errorf("%s请用 xxgk report --publisher %s --year 报告年度 编写：它按国家格式列出全部表格并统计表1", genre.Name, pub.Code)
	}
	category := req.Category
	if category == "" {
		category = genre.Category
	}
	if !reg.HasCategory(category) {
		return "", fmt.Errorf("主题分类 %q 不在 data/categories.toml 中", category)
	}
	date := req.Date
	if date.IsZero() {
		date = time.Now().In(record.Shanghai)
	}
	body, err := skeleton(req.Site, genre.Archetype)
	if err != nil {
		return "", err
	}
	return place(req.Site, reg, pub.Code, category, date, func(index string) ([]byte, error) {
		var fm record.FrontMatter
		fm.String("title", title)
		fm.String("index", index)
		fm.String("publisher", pub.Code)
		fm.Date("date", date)
		fm.String("category", category)
		fm.String("genre", genre.Name)
		if genre.Name == record.QualityReport {
			fm.Raw(fmt.Sprintf("year = %d  # 报告年度：本报告反映哪一年的情况\n", date.Year()-1))
		}
		fm.Raw("# docnumber = \"\"  # 文号（可选）\n# keywords = []  # 关键词（可选）\n# written = " +
			date.Format("2006-01-02") + "  # 成文日期（可选）\n")
		head, err := fm.Bytes()
		if err != nil {
			return nil, err
		}
		return append(head, body...), nil
	})
}

// place allocates the next 索引号 of publisher code for date (and category, for
// schemes that number by category), has compose write the
// document that carries it, and writes that at content/<code>/<year>/<索引号>.md,
// returning the path relative to the site. Every command that starts a document
// goes through here, so that allocation and placement are decided once. It never
// overwrites a file.
func place(site string, reg *record.Registry, code, category string, date time.Time, compose func(index string) ([]byte, error)) (string, error) {
	used, err := record.UsedIndexes(site)
	if err != nil {
		return "", err
	}
	index, err := reg.NextIndex(used, code, date.Year(), category)
	if err != nil {
		return "", err
	}
	doc, err := compose(index)
	if err != nil {
		return "", err
	}
	rel := record.DocumentPath(code, date.Year(), index)
	// A document that xxgk itself wrote must pass its own check, placeholders apart.
	if _, problems := record.Parse(rel, doc, reg); hasErrorsBesidesPlaceholders(problems) {
		return "", fmt.Errorf("内部错误：新文件未通过检查：%v", problems)
	}
	path := filepath.Join(site, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s 已存在，不会覆盖", rel)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(doc); err != nil {
		f.Close()
		return "", err
	}
	return rel, f.Close()
}

// findPublisher resolves what the clerk typed after --publisher: a code, or a full
// name (or alias) of a registered publisher.
func findPublisher(reg *record.Registry, s string) (record.Publisher, error) {
	if pub, ok := reg.Publisher(s); ok {
		return pub, nil
	}
	if pub, ok := reg.PublisherByName(s); ok {
		return pub, nil
	}
	return record.Publisher{}, fmt.Errorf("发布机构 %q 不在 data/publishers.toml 中%s", s, record.Nearest(s, reg.PublisherCodes()))
}

// skeleton is the body for archetype: the site's archetypes/<name>.md if present,
// else the built-in one, else the plain one.
func skeleton(site, archetype string) ([]byte, error) {
	if archetype == "" {
		archetype = "other"
	}
	if b, err := os.ReadFile(filepath.Join(site, "archetypes", archetype+".md")); err == nil {
		return b, nil
	}
	if b, err := builtin.ReadFile("archetypes/" + archetype + ".md"); err == nil {
		return b, nil
	}
	return builtin.ReadFile("archetypes/other.md")
}

func hasErrorsBesidesPlaceholders(problems []record.Problem) bool {
	for _, p := range problems {
		if p.Severity == record.Error && !strings.Contains(p.Message, record.Placeholder) {
			return true
		}
	}
	return false
}

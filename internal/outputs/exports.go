package outputs

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"xxgk/internal/audit"
	"xxgk/internal/manifest"
	"xxgk/internal/overlay"
	"xxgk/internal/publish"
	"xxgk/internal/record"
	"xxgk/internal/register"
)

// WriteRegisters writes the register (信息公开目录) as register.csv, register.json and
// register.xlsx at the site root and in each publisher's directory.
// site is the whole site's register, already built. memo, when set, keeps the
// files between builds (a publisher's are made again only when its register
// changed); nil makes every one.
func WriteRegisters(set *record.Set, site *register.Register, out, baseURL string, memo Memo) error {
	if memo == nil {
		memo = func(_ [32]byte, make func() ([]byte, error)) ([]byte, error) { return make() }
	}
	scopes := []string{""}
	for _, p := range set.Registry.Publishers {
		scopes = append(scopes, p.Code)
	}
	byPublisher := site.ByPublisher()
	// Hundreds of publishers make hundreds of workbooks: write them on all cores.
	errs := make([]error, len(scopes))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				reg := site
				if scopes[i] != "" {
					if reg = byPublisher[scopes[i]]; reg == nil {
						continue // a publisher without documents has no page to sit beside
					}
				}
				errs[i] = writeRegister(reg, scopes[i], out, baseURL, memo)
			}
		})
	}
	for i := range scopes {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// Memo returns the bytes make makes for key, or the same bytes kept from before
// (buildcache.Cache.Memo). The keys are of the content only: a memo kept from a
// build by another xxgk must not return what that one made.
type Memo func(key [32]byte, make func() ([]byte, error)) ([]byte, error)

// writeRegister writes one publisher's register files ("" for the whole site).
// Each goes through memo under a key of the register's content, so that a register
// that did not change costs a hash of its entries: its files, and the table the CSV
// and the workbook are made of, are made only when memo has none kept.
func writeRegister(reg *register.Register, code, out, baseURL string, memo Memo) error {
	dir := filepath.Join(out, code)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	key := reg.Key(baseURL)
	table := sync.OnceValue(func() *register.Table { return reg.Table(baseURL) })
	for _, f := range []struct {
		name string
		make func() ([]byte, error)
	}{
		{"register.json", reg.JSON},
		{"register.csv", func() ([]byte, error) { return table().CSV(), nil }},
		{"register.xlsx", func() ([]byte, error) {
			b, err := table().XLSX()
			if err != nil {
				return nil, fmt.Errorf("生成 Excel 目录失败：%w", err)
			}
			return b, nil
		}},
	} {
		data, err := memo(sha256.Sum256(append(key[:], f.name...)), f.make)
		if err != nil {
			return err
		}
		if err := publish.WriteFile(filepath.Join(dir, f.name), data); err != nil {
			return err
		}
	}
	return nil
}

// PortalData is data/xxgk.json as the templates see it (hugo.Data.xxgk): the register,
// the audit and how many documents each taxonomy term lists (counts.publishers.lxzz,
// overlay.TermCounts), computed from the checked records recs. The file exists only in
// the file system Hugo reads; a site's own data/xxgk.json would be hidden by it.
func PortalData(recs []*record.Record, reg *register.Register, rep *audit.Report) ([]byte, error) {
	return json.Marshal(map[string]any{"register": reg, "audit": rep, "counts": overlay.TermCounts(recs)})
}

// WriteAudit writes the audit's files under audit/: the report as JSON, the
// quality-report compliance table, the timeliness of the annual reports on disclosure
// work and the statistics as CSV and XLSX.
func WriteAudit(rep *audit.Report, out, baseURL string) error {
	dir := filepath.Join(out, "audit")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		return err
	}
	files := map[string][]byte{"audit.json": js.Bytes()}
	for name, table := range map[string]*register.Table{
		"compliance": rep.ComplianceTable(baseURL), "disclosure-reports": rep.DisclosureTable(baseURL), "statistics": rep.StatisticsTable()} {
		x, err := table.XLSX()
		if err != nil {
			return err
		}
		files[name+".csv"], files[name+".xlsx"] = table.CSV(), x
	}
	for name, data := range files {
		if err := publish.WriteFile(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	return nil
}

// WriteManifest writes manifest.json: every document with the hashes of its source
// and of its rendered page, which pageHash gives or, when nil, is read
// back from out.
func WriteManifest(set *record.Set, out string, asOf time.Time, pageHash func(*record.Record) ([32]byte, error)) error {
	var m *manifest.Manifest
	var err error
	if pageHash != nil {
		m, err = manifest.BuildFrom(set, pageHash, asOf)
	} else {
		m, err = manifest.Build(set, out, asOf)
	}
	if err != nil {
		return err
	}
	b, err := m.JSON()
	if err != nil {
		return err
	}
	return publish.WriteFile(filepath.Join(out, "manifest.json"), b)
}

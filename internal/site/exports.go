package site

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"xxgk/internal/record"
	"xxgk/internal/register"
)

// writeRegisters writes the register (信息公开目录) as register.csv, register.json and
// register.xlsx at the site root and in each publisher's directory.
func writeRegisters(set *record.Set, out, baseURL string, asOf time.Time) error {
	scopes := []string{""}
	for _, p := range set.Registry.Publishers {
		scopes = append(scopes, p.Code)
	}
	for _, code := range scopes {
		reg := register.Build(set, asOf, code)
		if code != "" && reg.Documents == 0 {
			continue // a publisher without documents has no page to sit beside
		}
		dir := filepath.Join(out, code)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		js, err := reg.JSON()
		if err != nil {
			return err
		}
		table := reg.Table(baseURL)
		xlsx, err := table.XLSX()
		if err != nil {
			return fmt.Errorf("生成 Excel 目录失败：%w", err)
		}
		for name, data := range map[string][]byte{"register.json": js, "register.csv": table.CSV(), "register.xlsx": xlsx} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

package record

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// indexLine finds an index assignment in raw text, so that allocation also sees the
// numbers of files whose front matter is currently broken.
var indexLine = regexp.MustCompile(`(?m)^[ \t]*index[ \t]*=[ \t]*["']([^"'\n]*)["']`)

// MaxSerial is the largest serial an 索引号 can carry.
const MaxSerial = 99999

// NextIndex allocates the 索引号 for a new document of publisher in year: one more than
// the highest serial any content file under dir uses for that publisher and year. Gaps
// are never filled: a number that was used once may be cited somewhere already.
func NextIndex(dir, publisher string, year int) (string, error) {
	prefix := fmt.Sprintf("%s-%04d-", publisher, year)
	highest := 0
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range indexLine.FindAllSubmatch(b, -1) {
			serial, ok := strings.CutPrefix(string(m[1]), prefix)
			if n, err := strconv.Atoi(serial); ok && err == nil && len(serial) == 5 && n > highest {
				highest = n
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("无法读取 content 目录：%w", err)
	}
	if highest >= MaxSerial {
		return "", fmt.Errorf("%s 在 %d 年的索引号已用到 %05d，无法再分配", publisher, year, highest)
	}
	return fmt.Sprintf("%s%05d", prefix, highest+1), nil
}

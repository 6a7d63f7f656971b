package publish

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

// Error is a failure of the file system told in Chinese: what could not be done to
// which file and why, in words an administrator can act on. It wraps the system's
// error, so errors.Is still finds the cause.
type Error struct {
	Msg string
	Err error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// NoSpace reports whether err comes from a full disk or an exhausted quota. Hugo
// passes some write errors on as text only, so the system's wording counts too.
func NoSpace(err error) bool {
	return err != nil && (isNoSpace(err) || strings.Contains(err.Error(), "no space left on device") || strings.Contains(err.Error(), "disk quota exceeded"))
}

// Explain is the cause of a file-system error in Chinese.
func Explain(err error) string {
	switch {
	case NoSpace(err):
		return "磁盘空间不足（或超出了磁盘配额），请清理磁盘后重新构建"
	case isReadOnly(err):
		return "所在的文件系统是只读的"
	case errors.Is(err, fs.ErrPermission):
		return "没有权限，请检查运行 xxgk 的用户对这个目录是否有读写权限"
	case errors.Is(err, fs.ErrNotExist):
		return "文件或目录不存在"
	case errors.Is(err, fs.ErrExist):
		return "已经有同名的文件或目录"
	case isNotDir(err):
		return "路径中有一段不是目录而是文件"
	case isTooManyFiles(err):
		return "同时打开的文件太多，请提高系统的打开文件数上限（ulimit -n）"
	case isIO(err):
		return "磁盘读写出错，请检查磁盘"
	}
	return "系统报告的错误：" + err.Error()
}

// operations names in Chinese what the system was asked to do in a *fs.PathError.
var operations = map[string]string{
	"open": "打开", "mkdir": "创建目录", "mkdirat": "创建目录", "write": "写入", "read": "读取",
	"remove": "删除", "unlinkat": "删除", "stat": "读取", "lstat": "读取", "close": "写入",
	"readdirent": "读取目录", "fdopendir": "读取目录", "openat": "打开", "chmod": "修改权限", "sync": "写入",
}

// Describe rewrites err, whose message may end in Go's English wording of a system
// error ("open /x: no space left on device"), into an *Error that says the same in
// Chinese ("无法打开 /x：磁盘空间不足…"). Messages without a system error are kept.
func Describe(err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	var le *os.LinkError
	var se *os.SyscallError
	msg := err.Error()
	switch {
	case errors.As(err, &pe):
		op := operations[pe.Op]
		if op == "" {
			op = "处理"
		}
		msg = strings.Replace(msg, pe.Error(), "无法"+op+" "+pe.Path+"："+Explain(pe.Err), 1)
	case errors.As(err, &le):
		msg = strings.Replace(msg, le.Error(), "无法把 "+le.Old+" 改名为 "+le.New+"："+Explain(le.Err), 1)
	case errors.As(err, &se):
		msg = strings.Replace(msg, se.Error(), Explain(se.Err), 1)
	default:
		return err
	}
	return &Error{Msg: msg, Err: err}
}

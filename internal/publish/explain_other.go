//go:build !unix

package publish

// Elsewhere the causes are told apart by the portable checks of Explain only.
func isNoSpace(error) bool      { return false }
func isReadOnly(error) bool     { return false }
func isNotDir(error) bool       { return false }
func isTooManyFiles(error) bool { return false }
func isIO(error) bool           { return false }

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestShardsAcrossProcesses is a build across machines played by processes: xxgk
// shards splits the sample's publishers into three groups, three xxgk build --shard
// processes render them at the same time into directories of their own, and xxgk
// assemble publishes the portal from those directories — the same, byte for byte,
// as one xxgk build of the whole site. A shard missing, or rendered from a changed
// document, is refused and nothing is published.
func TestShardsAcrossProcesses(t *testing.T) {
	bin := xxgkBinary(t)
	src := sampleSite(t)
	work := t.TempDir()
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+epoch)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	out, err := run("shards", "--source", src, "--groups", "3")
	if err != nil {
		t.Fatalf("xxgk shards: %v\n%s", err, out)
	}
	groups := strings.Fields(out)
	if len(groups) != 3 {
		t.Fatalf("xxgk shards --groups 3 printed %q", out)
	}
	seen := map[string]bool{}
	for _, g := range groups {
		for _, code := range strings.Split(g, ",") {
			if seen[code] {
				t.Errorf("%s in two groups: %q", code, out)
			}
			seen[code] = true
		}
	}
	if len(seen) != 4 {
		t.Errorf("groups %q hold %d publishers, the sample has 4 with documents", out, len(seen))
	}

	var dirs []string
	var wg sync.WaitGroup
	errs := make([]error, len(groups))
	outs := make([]string, len(groups))
	for i, g := range groups {
		dir := filepath.Join(work, "shard-"+string(rune('a'+i)))
		dirs = append(dirs, dir)
		wg.Go(func() { outs[i], errs[i] = run("build", "--source", src, "--shard", g, "--shard-out", dir) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("xxgk build --shard %s: %v\n%s", groups[i], err, outs[i])
		}
	}

	ref := filepath.Join(work, "ref", "public")
	if out, err := run("build", "--source", src, "--dest", ref, "--no-cache"); err != nil {
		t.Fatalf("xxgk build: %v\n%s", err, out)
	}
	dest := filepath.Join(work, "site", "public")
	if out, err := run(append([]string{"assemble", "--source", src, "--dest", dest}, dirs...)...); err != nil {
		t.Fatalf("xxgk assemble: %v\n%s", err, out)
	}
	if !sameTree(tree(t, ref), tree(t, dest)) {
		t.Errorf("the assembled portal differs from the single build")
	}

	// A shard missing: refused, nothing published.
	other := filepath.Join(work, "other", "public")
	out, err = run(append([]string{"assemble", "--source", src, "--dest", other}, dirs[1:]...)...)
	if err == nil || !strings.Contains(out, "缺少这些发布机构的分片") {
		t.Errorf("assembled without the first group's shards: %v\n%s", err, out)
	}
	// A document changed after its shard was rendered: refused too.
	doc := filepath.Join(src, "content/lxzz/2024/enrolment-plan.md")
	b, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(doc, bytes.Replace(b, []byte("学制三年"), []byte("学制三年。"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = run(append([]string{"assemble", "--source", src, "--dest", other}, dirs...)...)
	if err == nil || !strings.Contains(out, "lxzz") || !strings.Contains(out, "不一致") {
		t.Errorf("assembled a shard rendered before its document changed: %v\n%s", err, out)
	}
	if _, err := os.Stat(other); err == nil {
		t.Errorf("a refused assembly published %s", other)
	}
}

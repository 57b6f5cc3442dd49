// Command go-cpe-peer answers CPE name-matching questions with knqyf263/go-cpe, the Go port of the
// NIST CPE reference implementation, so that reference-peer.test.ts can hold our matcher beside it.
//
// Input: one pair per line, two CPE 2.3 formatted strings separated by a tab (source, then target).
// Output: one line per pair, in order: IsDisjoint, IsEqual, IsSubset and IsSuperset as 0 or 1
// separated by spaces, or "error <message>" when the port refuses a name.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/knqyf263/go-cpe/matching"
	"github.com/knqyf263/go-cpe/naming"
)

func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}

func answer(line string) string {
	parts := strings.Split(line, "\t")
	if len(parts) != 2 {
		return fmt.Sprintf("error want 2 tab-separated names, got %d", len(parts))
	}
	source, err := naming.UnbindFS(parts[0])
	if err != nil {
		return "error source: " + strings.ReplaceAll(err.Error(), "\n", " ")
	}
	target, err := naming.UnbindFS(parts[1])
	if err != nil {
		return "error target: " + strings.ReplaceAll(err.Error(), "\n", " ")
	}
	return fmt.Sprintf("%d %d %d %d",
		bit(matching.IsDisjoint(source, target)),
		bit(matching.IsEqual(source, target)),
		bit(matching.IsSubset(source, target)),
		bit(matching.IsSuperset(source, target)))
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		fmt.Fprintln(out, answer(in.Text()))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
